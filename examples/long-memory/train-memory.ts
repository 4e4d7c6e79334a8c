/**
 * Trains one cell kind on the first-step task at one sequence length and scores it on fresh
 * sequences. Adam on the summed-over-batch BCE of one logit; a new batch every step (the task is
 * infinite, so there is nothing to overfit). `between` is awaited every few steps so a Web Worker
 * can report progress, pause or cancel.
 */
import { noGrad, scope, tensor } from "@tapegrad/autograd";
import { Adam, type Sequential, binaryCrossEntropyWithLogits, clipGradNorm } from "@tapegrad/nn";
import { SeededRng } from "../shared/rng.ts";
import { TASK_FEATURES, firstStepBatch } from "./first-step-task.ts";
import { type CellKind, memoryModel } from "./memory-model.ts";

export interface MemorySettings {
  hidden: number;
  steps: number;
  batch: number;
  lr: number;
  seed: number;
}

/** Small enough for the page and a test; long enough for LSTM and GRU to learn length 50. */
export const DEFAULT_MEMORY_SETTINGS: Readonly<MemorySettings> = { hidden: 16, steps: 300, batch: 32, lr: 0.01, seed: 1 };

export interface MemoryRun {
  cell: CellKind;
  length: number;
  /** Fraction right on 512 fresh sequences. */
  accuracy: number;
  finalLoss: number;
  model: Sequential;
}

/** Trains `cell` on sequences of `length` and measures accuracy on new ones. */
export async function trainMemory(cell: CellKind, length: number, s: MemorySettings, between?: (step: number, loss: number) => Promise<void> | void): Promise<MemoryRun> {
  const model = memoryModel(cell, s.hidden, s.seed);
  const rng = new SeededRng(s.seed * 1000 + length);
  const optimizer = new Adam(model.parameters(), { lr: s.lr });
  let loss = NaN;
  for (let step = 1; step <= s.steps; step++) {
    const b = firstStepBatch(length, s.batch, rng);
    loss = scope(() => {
      const l = binaryCrossEntropyWithLogits(model.forward(tensor(b.x, { shape: [b.batch, length, TASK_FEATURES] })), tensor(b.y, { shape: [b.batch] }));
      optimizer.zeroGrad();
      l.backward();
      clipGradNorm(model.parameters(), 1); // an RNN's gradient can also explode; keep the comparison about memory
      optimizer.step();
      return l.item();
    });
    if (between && step % 10 === 0) await between(step, loss);
  }
  return { cell, length, accuracy: accuracy(model, length, new SeededRng(s.seed + 7)), finalLoss: loss, model };
}

function accuracy(model: Sequential, length: number, rng: SeededRng): number {
  const b = firstStepBatch(length, 512, rng);
  model.eval();
  const logits = noGrad(() => scope(() => model.forward(tensor(b.x, { shape: [b.batch, length, TASK_FEATURES] })).data()));
  model.train();
  let right = 0;
  for (let i = 0; i < b.batch; i++) if (logits[i] > 0 === b.y[i] > 0.5) right++;
  return right / b.batch;
}
