// Trains a small LSTM regressor with each optimizer + scheduler pair for a range of steps; run as
// its own process by packages/nn/test/resume.test.ts: `straight` (0..N+M), `first` (0..N, then saves a
// training checkpoint) and `resume` (loads it into freshly built objects, then N..N+M). Writes the
// final parameters as safetensors so the test compares them bit for bit.
import { Generator, randn, scope, type BackendName } from "@tapegrad/autograd";
import {
  Adam, AdamW, ExponentialLR, LinearLR, Linear, LSTM, Module, OneCycleLR, ReduceLROnPlateau, RMSprop, SGD,
  loadTrainingCheckpoint, mseLoss, saveCheckpoint, saveTrainingCheckpoint, type Optimizer,
} from "../../src/index";

export const N = 5;
export const M = 4;
export const PAIRS = ["SGD+OneCycleLR", "Adam+LinearLR", "AdamW+ExponentialLR", "RMSprop+ReduceLROnPlateau"] as const;

class Regressor extends Module {
  lstm: LSTM;
  head: Linear;
  constructor(backend: BackendName) {
    super();
    const generator = new Generator(3);
    this.lstm = this.registerModule("lstm", new LSTM(3, 5, { batchFirst: true, generator, backend }));
    this.head = this.registerModule("head", new Linear(5, 1, { generator, backend }));
  }
}

function build(pair: string, backend: BackendName) {
  const model = new Regressor(backend);
  const groups = [{ params: model.lstm.parameters() }, { params: model.head.parameters(), lr: 0.005, weightDecay: 0.01 }];
  let optimizer: Optimizer;
  let scheduler: OneCycleLR | LinearLR | ExponentialLR | ReduceLROnPlateau;
  if (pair === "SGD+OneCycleLR") {
    optimizer = new SGD(groups, { lr: 0.05, momentum: 0.9 });
    scheduler = new OneCycleLR(optimizer, { maxLr: 0.1, totalSteps: N + M });
  } else if (pair === "Adam+LinearLR") {
    optimizer = new Adam(groups, { lr: 0.01 });
    scheduler = new LinearLR(optimizer, { startFactor: 0.2, totalIters: 6 });
  } else if (pair === "AdamW+ExponentialLR") {
    optimizer = new AdamW(groups, { lr: 0.01 });
    scheduler = new ExponentialLR(optimizer, 0.9);
  } else {
    optimizer = new RMSprop(groups, { lr: 0.01, momentum: 0.5 });
    scheduler = new ReduceLROnPlateau(optimizer, { patience: 0, factor: 0.5 });
  }
  return { model, optimizer, scheduler };
}

function train(backend: BackendName, from: number, to: number, objs: ReturnType<typeof build>): void {
  const { model, optimizer, scheduler } = objs;
  for (let step = from; step < to; step++) {
    scope(() => {
      const g = new Generator(100 + step); // the batch of step k is the same in every process
      const x = randn([4, 6, 3], { generator: g, backend });
      const y = randn([4, 1], { generator: g, backend });
      optimizer.zeroGrad();
      const { hN } = model.lstm.forward(x);
      const loss = mseLoss(model.head.forward(hN.select(0, 0)), y);
      loss.backward();
      optimizer.step();
      if (scheduler instanceof ReduceLROnPlateau) scheduler.step(loss.item());
      else scheduler.step();
    });
  }
}

if (process.argv[1]?.endsWith("resume-run.ts")) {
  const [mode, backend, dir] = process.argv.slice(2) as ["straight" | "first" | "resume", BackendName, string];
  for (const pair of PAIRS) {
    const name = `${dir}/${backend}-${pair}`;
    const objs = build(pair, backend);
    if (mode === "straight") {
      train(backend, 0, N + M, objs);
      saveCheckpoint(objs.model, `${name}-straight.safetensors`);
    } else if (mode === "first") {
      train(backend, 0, N, objs);
      saveTrainingCheckpoint(`${name}-at-${N}.safetensors`, objs, { metadata: { step: String(N) } });
    } else {
      const meta = loadTrainingCheckpoint(`${name}-at-${N}.safetensors`, objs);
      train(backend, Number(meta.step), N + M, objs);
      saveCheckpoint(objs.model, `${name}-resumed.safetensors`);
    }
  }
}
