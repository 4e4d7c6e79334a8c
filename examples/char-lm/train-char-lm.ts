/**
 * Training loop of the character LM: truncated BPTT over the stream windows (a DataLoader with
 * batchSize: null over StreamWindows, in order: each window already is a batch) with the LSTM state
 * carried from batch to batch (detached, reset each epoch), Adam, gradient-norm clipping, and
 * validation bits per character after every epoch. A wall-clock budget ends training early so
 * the default command keeps its time promise on a slower machine; the run says when it did.
 */
import { noGrad, scope } from "@tapegrad/autograd";
import { Adam, clipGradNorm, crossEntropy, DataLoader } from "@tapegrad/nn";
import type { TrainingProgress } from "../shared/training-progress.ts";
import { natsToBitsPerChar } from "./bits-per-char.ts";
import type { CharLmData } from "./char-lm-data.ts";
import { type CarriedState, CharLstm } from "./char-lstm.ts";
import { StreamWindows, streamWindowCount } from "./stream-windows.ts";

export interface CharLmTrainConfig {
  embed: number;
  hidden: number;
  layers: number;
  seed: number;
  /** Rows per batch (parallel streams). */
  batch: number;
  /** Characters per row per batch: how far back gradients flow. */
  steps: number;
  epochs: number;
  lr: number;
  /** Max global gradient norm. */
  clip: number;
  /**
   * Stop after the step during which this many seconds have passed (validation still runs).
   * Default: no limit, so a run's result depends on its settings only, not on the machine's speed.
   */
  maxSeconds?: number;
}

export interface CharLmHistory {
  /** Mean training bits/char per epoch. */
  trainBpc: number[];
  validationBpc: number[];
  optimizerSteps: number;
  seconds: number;
  /** True when maxSeconds cut training short. */
  outOfTime: boolean;
}

export interface TrainHooks {
  progress: (stepsPerEpoch: number, epochs: number) => TrainingProgress;
  /** Called after each epoch's validation, e.g. to print samples (the bar is stopped by then). */
  afterEpoch?: (epoch: number, model: CharLstm, history: CharLmHistory) => void;
}

/** Trains a fresh model on data.train; returns it with its per-epoch history. */
export function trainCharLm(data: CharLmData, config: CharLmTrainConfig, hooks: TrainHooks): { model: CharLstm; history: CharLmHistory } {
  const model = new CharLstm({ vocab: data.vocab.size, embed: config.embed, hidden: config.hidden, layers: config.layers, seed: config.seed });
  const params = model.parameters();
  const optimizer = new Adam(params, { lr: config.lr });
  if (streamWindowCount(data.train.length, config.batch, config.steps) === 0) {
    throw new Error(`char-lm: ${data.train.length} training characters are too few for one batch of ${config.batch} × ${config.steps} (use a smaller --batch or --steps)`);
  }
  const loader = new DataLoader(new StreamWindows(data.train, config.batch, config.steps), { batchSize: null });
  const stepsPerEpoch = loader.length;
  const history: CharLmHistory = { trainBpc: [], validationBpc: [], optimizerSteps: 0, seconds: 0, outOfTime: false };
  const started = performance.now();
  const bar = hooks.progress(stepsPerEpoch, config.epochs);
  try {
    for (let epoch = 1; epoch <= config.epochs && !history.outOfTime; epoch++) {
      bar.startEpoch(epoch);
      model.train();
      let state: CarriedState | undefined;
      let bitsSum = 0;
      let batches = 0;
      for (const b of loader) {
        const bits = scope(() => {
          const { logits, state: next } = model.forward(b.x, b.batchSize, state);
          state = next;
          const loss = crossEntropy(logits, b.y);
          optimizer.zeroGrad();
          loss.backward();
          clipGradNorm(params, config.clip);
          optimizer.step();
          return natsToBitsPerChar(loss.item());
        });
        bitsSum += bits;
        batches++;
        history.optimizerSteps++;
        bar.step(bits);
        if (!Number.isFinite(bits)) throw new Error(`char-lm: the loss became ${bits} at step ${history.optimizerSteps}; try a smaller --lr (now ${config.lr})`);
        if (config.maxSeconds !== undefined && (performance.now() - started) / 1000 > config.maxSeconds) {
          history.outOfTime = true;
          break;
        }
      }
      history.trainBpc.push(bitsSum / batches);
      history.validationBpc.push(validationBitsPerChar(model, data.validation, config.batch, config.steps));
      bar.endEpoch({ trainLoss: history.trainBpc[epoch - 1], validation: history.validationBpc[epoch - 1] });
      history.seconds = (performance.now() - started) / 1000;
      if (hooks.afterEpoch) {
        bar.stop();
        hooks.afterEpoch(epoch, model, history);
      }
    }
  } finally {
    bar.stop();
  }
  history.seconds = (performance.now() - started) / 1000;
  return { model, history };
}

/**
 * Bits per character over a whole id stream, read as the training batches are (state carried
 * across batches), with batch and steps shrunk if the stream is short.
 */
export function validationBitsPerChar(model: CharLstm, ids: Int32Array, batch: number, steps: number): number {
  const T = Math.max(1, Math.min(steps, ids.length - 1));
  const B = Math.max(1, Math.min(batch, Math.floor((ids.length - 1) / T)));
  const wasTraining = model.training;
  model.eval();
  let nats = 0;
  let count = 0;
  let state: CarriedState | undefined;
  noGrad(() => {
    for (const b of new DataLoader(new StreamWindows(ids, B, T), { batchSize: null })) {
      nats += scope(() => {
        const r = model.forward(b.x, B, state);
        state = r.state;
        return crossEntropy(r.logits, b.y, { reduction: "sum" }).item();
      });
      count += b.y.length;
    }
  });
  model.train(wasTraining);
  return natsToBitsPerChar(nats / count);
}
