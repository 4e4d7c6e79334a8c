// Checkpoints: a module's state dict as safetensors under PyTorch's names, so
// `safetensors.torch.save_file(model.state_dict(), …)` files load directly, and ours load in PyTorch.
// The byte-level functions work anywhere; the path-based ones use fs.ts (Node only).
import { MODEL_METADATA_KEY, modelDescriptionJson } from "../model/spec";
import type { Module } from "../module";
import { readFileBytes, writeFileAtomic } from "./fs";
import { parseSafetensors, serializeSafetensors, type StoredTensor } from "./safetensors";

export { writeFileAtomic };

export interface CheckpointOptions {
  /** Stored element type; follows the backend (wasm → F32, js → F64) when omitted. */
  dtype?: "F32" | "F64";
  /**
   * String pairs kept in the safetensors `__metadata__` (config, vocabulary, statistics…). The
   * model description (module.describe()) is always added under "tapegrad.model".
   */
  metadata?: Record<string, string>;
}

/** A module's parameters as the bytes of a safetensors file. */
export function checkpointBytes(module: Module, opts: CheckpointOptions = {}): Uint8Array {
  const entries = module.namedParameters().map(([name, p]) => {
    const data = p.data();
    return [name, { shape: p.shape, data, dtype: opts.dtype ?? (data instanceof Float32Array ? "F32" : "F64") }] as [
      string,
      { shape: readonly number[]; data: Float32Array | Float64Array; dtype: "F32" | "F64" },
    ];
  });
  return serializeSafetensors(entries, { ...opts.metadata, [MODEL_METADATA_KEY]: modelDescriptionJson(module.describe()) });
}

/** Loads safetensors bytes into a module (strict by default: names and shapes must match). */
export function loadCheckpointBytes(module: Module, bytes: Uint8Array, opts: { strict?: boolean; source?: string } = {}): void {
  const source = opts.source ?? "checkpoint";
  const { tensors } = parseSafetensors(bytes, source);
  try {
    module.loadStateDict(tensors, { strict: opts.strict });
  } catch (e) {
    throw new Error(`loadCheckpoint: ${source}: ${(e as Error).message}`);
  }
}

/** Reads every tensor of a safetensors file, validating the whole file first. */
export function loadSafetensors(path: string): Map<string, StoredTensor> {
  return parseSafetensors(readFileBytes(path), path).tensors;
}

/** Saves a module's parameters as a safetensors file, atomically (a crash leaves the old file). */
export function saveCheckpoint(module: Module, path: string, opts: CheckpointOptions = {}): void {
  writeFileAtomic(path, checkpointBytes(module, opts));
}

/** Loads a safetensors checkpoint file into a module (strict by default). */
export function loadCheckpoint(module: Module, path: string, opts: { strict?: boolean } = {}): void {
  loadCheckpointBytes(module, readFileBytes(path), { ...opts, source: path });
}
