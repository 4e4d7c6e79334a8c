// Checkpoints on disk: a module's state dict as a safetensors file under PyTorch's names, so
// `safetensors.torch.save_file(model.state_dict(), …)` files load directly, and ours load in PyTorch.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import type { Module } from "../module";
import { parseSafetensors, serializeSafetensors, type StoredTensor } from "./safetensors";

/** Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed, then renamed. */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const fd = openSync(tmp, "w");
  try {
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (e) {
    unlinkSync(tmp);
    throw e;
  }
}

/** Reads every tensor of a safetensors file, validating the whole file first. */
export function loadSafetensors(path: string): Map<string, StoredTensor> {
  return parseSafetensors(readFileSync(path), path).tensors;
}

/**
 * Saves a module's parameters as safetensors. The dtype follows the backend (wasm → F32, js → F64)
 * unless `dtype` is given.
 */
export function saveCheckpoint(module: Module, path: string, opts: { dtype?: "F32" | "F64"; metadata?: Record<string, string> } = {}): void {
  const entries = module.namedParameters().map(([name, p]) => {
    const data = p.data();
    return [name, { shape: p.shape, data, dtype: opts.dtype ?? (data instanceof Float32Array ? "F32" : "F64") }] as [
      string,
      { shape: readonly number[]; data: Float32Array | Float64Array; dtype: "F32" | "F64" },
    ];
  });
  writeFileAtomic(path, serializeSafetensors(entries, opts.metadata));
}

/** Loads a safetensors checkpoint into a module (strict by default: names and shapes must match). */
export function loadCheckpoint(module: Module, path: string, opts: { strict?: boolean } = {}): void {
  const tensors = loadSafetensors(path);
  try {
    module.loadStateDict(tensors, opts);
  } catch (e) {
    throw new Error(`loadCheckpoint: ${path}: ${(e as Error).message}`);
  }
}
