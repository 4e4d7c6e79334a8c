/**
 * The recurrent forecaster behind the Forecaster seam: mini-batch Adam on the MSE of normalised
 * temp_max, shuffled by a seeded RNG, with early stopping on the validation loss that restores
 * the best epoch's weights (the last epoch is usually a little overfitted, not the best).
 */
import { noGrad, scope, type Tensor, tensor } from "@tapegrad/autograd";
import { Adam, DataLoader, type Sequential, type StateValue, TensorDataset, loadCheckpointBytes, mseLoss, parseSafetensors } from "@tapegrad/nn";
import { SeededRng } from "../shared/rng.ts";
import type { ForecastTask } from "./forecast-task.ts";
import type { FitProgress } from "../shared/fit-progress.ts";
import type { FitHistory, Forecaster } from "./forecaster.ts";
import { forecastMetrics } from "./metrics.ts";
import { forecasterCheckpointBytes, parseForecasterCheckpoint } from "./model-checkpoint.ts";
import { type ModelConfig, describeModel } from "./model-config.ts";
import type { Standardizer } from "./standardizer.ts";
import { weatherRnn } from "./weather-rnn.ts";
import type { WindowSet } from "./windows.ts";

/** What fit() learned besides the weights; the checkpoint stores it. */
export interface FitSummary {
  bestEpoch: number;
  epochsRun: number;
  bestValidationLoss: number;
  seconds: number;
}

export class RnnForecaster implements Forecaster {
  readonly name: string;
  readonly model: Sequential;
  /** Set by fit(): what the inputs looked like (the checkpoint needs it to read a new CSV). */
  private fitted: { standardizer: Standardizer; featureNames: string[]; windowLength: number; trainedOn?: Record<string, unknown> } | null = null;
  summary: FitSummary | null = null;

  constructor(readonly config: ModelConfig, readonly inputFeatures: number, private readonly log: (line: string) => void = () => {}) {
    this.model = weatherRnn(config, inputFeatures);
    this.name = describeModel(config);
  }

  async fit(task: ForecastTask, progress: (steps: number, epochs: number) => FitProgress): Promise<FitHistory> {
    const { config, model } = this;
    if (task.train.features !== this.inputFeatures) {
      throw new Error(`RnnForecaster.fit: the model expects ${this.inputFeatures} features per day, the task has ${task.train.features}`);
    }
    this.fitted = { standardizer: task.standardizer, featureNames: [...task.featureNames], windowLength: task.train.steps };
    const started = performance.now();
    const rng = new SeededRng(config.seed);
    const params = model.parameters();
    const optimizer = new Adam(params, { lr: config.lr });
    const history: FitHistory = { trainLoss: [], validationLoss: [] };
    const stepsPerEpoch = Math.ceil(task.train.count / config.batch);
    const bar = progress(stepsPerEpoch, config.epochs);
    let best = { loss: Infinity, epoch: 0, weights: new Map<string, StateValue>() };
    // The training windows as one dataset; each epoch the loader shuffles them with the seeded RNG.
    const trainSet = windowDataset(task.train);
    const loader = new DataLoader(trainSet, { batchSize: config.batch, shuffle: true, generator: rng });
    try {
      for (let epoch = 1; epoch <= config.epochs; epoch++) {
        bar.startEpoch(epoch);
        model.train();
        let lossSum = 0;
        for (const [x, y] of loader) {
          const loss = this.trainStep(optimizer, x, y);
          lossSum += loss * x.shape[0];
          bar.step(loss);
        }
        const trainLoss = lossSum / task.train.count;
        const predicted = await this.predict(task.validation);
        const validationLoss = meanSquaredError(predicted, task.validation.y);
        history.trainLoss.push(trainLoss);
        history.validationLoss.push(validationLoss);
        const validationMae = forecastMetrics(task.toCelsius(predicted), task.validation.targetC)["MAE °C"];
        await bar.endEpoch({ trainLoss, validation: validationMae, validationLoss });
        if (!Number.isFinite(trainLoss)) throw new Error(`RnnForecaster.fit: training loss became ${trainLoss} in epoch ${epoch}; try a smaller --lr (now ${config.lr})`);
        if (validationLoss < best.loss) {
          best = { loss: validationLoss, epoch, weights: snapshot(model) };
        } else if (epoch - best.epoch >= config.patience) {
          break;
        }
      }
    } finally {
      bar.stop();
      for (const t of trainSet.tensors) t.dispose();
    }
    if (best.epoch === 0) throw new Error(`RnnForecaster.fit: no epoch gave a finite validation loss (got ${history.validationLoss.join(", ")}); try a smaller --lr (now ${config.lr})`);
    model.loadStateDict(best.weights);
    const epochsRun = history.trainLoss.length;
    this.summary = { bestEpoch: best.epoch, epochsRun, bestValidationLoss: best.loss, seconds: (performance.now() - started) / 1000 };
    const stop = epochsRun < config.epochs ? `early stop after ${epochsRun} epochs` : `${epochsRun} epochs`;
    this.log(`${this.name}: ${stop}; kept epoch ${best.epoch} (val loss ${best.loss.toFixed(4)}), ${this.summary.seconds.toFixed(1)} s`);
    return history;
  }

  details(): Record<string, unknown> {
    return { config: this.config, ...(this.summary ?? {}) };
  }

  /** The trained weights with their config and normalisation statistics as safetensors bytes (see model-checkpoint.ts). */
  checkpointBytes(trainedOn: Record<string, unknown> = {}): Uint8Array {
    if (!this.fitted) throw new Error("RnnForecaster.checkpointBytes: expected a trained or loaded model; call fit() or fromCheckpoint() first");
    const { standardizer, featureNames, windowLength } = this.fitted;
    return forecasterCheckpointBytes(this.model, { config: this.config, standardizer, featureNames, windowLength, trainedOn: { ...this.fitted.trainedOn, ...trainedOn, ...this.summary } });
  }

  /**
   * A forecaster with a checkpoint's config and weights, ready to predict or to train further.
   * A file without our metadata (a plain state dict, e.g. from PyTorch's save_file) loads into
   * `plain.config` with `plain.task`'s inputs, strictly: a wrong size is a load error.
   */
  static fromCheckpoint(bytes: Uint8Array, source: string, plain?: { config: ModelConfig; task: ForecastTask }, log?: (line: string) => void): RnnForecaster {
    if (plain && parseSafetensors(bytes, source).metadata.format === undefined) {
      const forecaster = new RnnForecaster(plain.config, plain.task.train.features, log);
      loadCheckpointBytes(forecaster.model, bytes, { source });
      forecaster.fitted = { standardizer: plain.task.standardizer, featureNames: [...plain.task.featureNames], windowLength: plain.task.train.steps };
      return forecaster;
    }
    const { model, info } = parseForecasterCheckpoint(bytes, source);
    const forecaster = new RnnForecaster(info.config, info.featureNames.length, log);
    forecaster.model.loadStateDict(model.stateDict());
    forecaster.fitted = { standardizer: info.standardizer, featureNames: info.featureNames, windowLength: info.windowLength, trainedOn: info.trainedOn };
    return forecaster;
  }

  async predict(set: WindowSet): Promise<Float64Array> {
    this.model.eval();
    const out = new Float64Array(set.count);
    // Inference in large chunks, in order: one forward per chunk, nothing recorded for backward.
    const data = windowDataset(set);
    let offset = 0;
    for (const [x] of new DataLoader(data, { batchSize: 512 })) {
      const values = noGrad(() => scope(() => this.model.forward(x).data()));
      out.set(values, offset);
      offset += values.length;
    }
    for (const t of data.tensors) t.dispose();
    return out;
  }

  /** One optimiser step on a batch (x [B, steps, features], y [B]); returns the batch's loss. */
  private trainStep(optimizer: Adam, x: Tensor, y: Tensor): number {
    return scope(() => {
      const loss = mseLoss(this.model.forward(x), y);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      return loss.item();
    });
  }
}

/** A window set as a dataset of (x [steps, features], y) rows. */
function windowDataset(set: WindowSet): TensorDataset {
  return new TensorDataset(tensor(set.x, { shape: [set.count, set.steps, set.features] }), tensor(set.y, { shape: [set.count] }));
}

/** Copies of every parameter's values, by name (loadStateDict puts them back). */
function snapshot(model: Sequential): Map<string, StateValue> {
  return new Map(model.namedParameters().map(([name, p]) => [name, { shape: [...p.shape], data: p.data() }]));
}

function meanSquaredError(predicted: ArrayLike<number>, target: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < target.length; i++) sum += (predicted[i] - target[i]) ** 2;
  return sum / target.length;
}
