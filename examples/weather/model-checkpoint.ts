/**
 * The forecaster on disk: one safetensors file. The weights are the tensors (PyTorch names, e.g.
 * "encoder.weight_ih_l0"); everything needed to use them on a fresh CSV — model config, feature
 * order, window length and the training normalisation statistics — goes in the file's
 * `__metadata__` as JSON strings, so a checkpoint cannot be separated from its statistics.
 * Bytes only, so it also runs in a browser; model-checkpoint-file.ts reads and writes files.
 */
import { type Sequential, checkpointBytes, parseSafetensors } from "@tapegrad/nn";
import { type ModelConfig, checkModelConfig } from "./model-config.ts";
import type { Standardizer } from "./standardizer.ts";
import { weatherRnn } from "./weather-rnn.ts";

/** Written into __metadata__.format; a file without it is refused. */
export const CHECKPOINT_FORMAT = "tapegrad-weather-forecaster/1";

export interface CheckpointInfo {
  config: ModelConfig;
  featureNames: string[];
  windowLength: number;
  standardizer: Standardizer;
  /** Free-form facts about the run (data file, best epoch, …), stored for people, not for loading. */
  trainedOn: Record<string, unknown>;
}

/** The safetensors bytes of weights + info. */
export function forecasterCheckpointBytes(model: Sequential, info: CheckpointInfo): Uint8Array {
  const s = info.standardizer;
  return checkpointBytes(model, {
    metadata: {
      format: CHECKPOINT_FORMAT,
      config: JSON.stringify(info.config),
      featureNames: JSON.stringify(info.featureNames),
      windowLength: String(info.windowLength),
      standardizer: JSON.stringify({ mean: Array.from(s.mean), std: Array.from(s.std), count: s.count }),
      trainedOn: JSON.stringify(info.trainedOn),
    },
  });
}

/** Reads checkpoint bytes from forecasterCheckpointBytes; every problem names `source` and what is wrong. */
export function parseForecasterCheckpoint(bytes: Uint8Array, source: string): { model: Sequential; info: CheckpointInfo } {
  const { tensors, metadata } = parseSafetensors(bytes, source);
  const info = forecasterInfo(metadata, source);
  const model = weatherRnn(info.config, info.featureNames.length);
  try {
    model.loadStateDict(tensors);
  } catch (err) {
    throw new Error(`checkpoint: ${source}: ${(err as Error).message}`);
  }
  return { model, info };
}

/** The forecaster's settings and statistics from its metadata (a checkpoint's, or an exported ONNX file's). */
export function forecasterInfo(metadata: Record<string, string>, path: string): CheckpointInfo {
  const fail = (what: string): never => {
    throw new Error(`checkpoint: ${path}: ${what}`);
  };
  if (metadata.format !== CHECKPOINT_FORMAT) {
    fail(`expected __metadata__.format "${CHECKPOINT_FORMAT}", got ${metadata.format === undefined ? "none" : `"${metadata.format}"`} (not a weather forecaster checkpoint?)`);
  }
  const json = <T>(key: string): T => {
    if (metadata[key] === undefined) fail(`__metadata__.${key} is missing`);
    try {
      return JSON.parse(metadata[key]) as T;
    } catch (err) {
      return fail(`__metadata__.${key} is not valid JSON: ${(err as Error).message}`);
    }
  };
  let config: ModelConfig;
  try {
    config = checkModelConfig(json<ModelConfig>("config"));
  } catch (err) {
    return fail((err as Error).message);
  }
  const featureNames = json<string[]>("featureNames");
  if (!Array.isArray(featureNames) || featureNames.length === 0) fail(`__metadata__.featureNames: expected a list of names, got ${metadata.featureNames}`);
  const windowLength = Number(metadata.windowLength);
  if (!(Number.isInteger(windowLength) && windowLength >= 1)) fail(`__metadata__.windowLength: expected a positive integer, got "${metadata.windowLength}"`);
  const raw = json<{ mean: number[]; std: number[]; count: number }>("standardizer");
  const F = featureNames.length;
  if (!(Array.isArray(raw.mean) && raw.mean.length === F && Array.isArray(raw.std) && raw.std.length === F)) {
    fail(`__metadata__.standardizer: expected mean and std of ${F} values (one per feature), got ${metadata.standardizer}`);
  }
  return {
    config,
    featureNames,
    windowLength,
    standardizer: { mean: Float64Array.from(raw.mean), std: Float64Array.from(raw.std), count: raw.count },
    trainedOn: metadata.trainedOn ? json<Record<string, unknown>>("trainedOn") : {},
  };
}
