// Checkpoints: a module's state dict as safetensors under PyTorch's names, so
// `safetensors.torch.save_file(model.state_dict(), …)` files load directly, and ours load in PyTorch.
// The byte-level functions work anywhere; the path-based ones use fs.ts (Node only).
import { MODEL_METADATA_KEY, modelDescriptionJson } from "../model/spec";
import { Module } from "../module";
import { checkOptions, describeValue, type OptionSpec } from "@tapegrad/autograd";
import { readFileBytes, writeFileAtomic } from "./fs";
import { parseSafetensors, serializeSafetensors, type StoredTensor } from "./safetensors";

export { writeFileAtomic };

/** Stored element types that can be written, in safetensors' spelling or the backends' own. */
export type CheckpointDType = "F32" | "F64" | "float32" | "float64";

export interface CheckpointOptions {
  /** Stored element type ("F32"/"float32" or "F64"/"float64"); follows the backend (wasm → F32, js → F64) when omitted. */
  dtype?: CheckpointDType;
  /**
   * String pairs kept in the safetensors `__metadata__` (config, vocabulary, statistics…). The
   * model description (module.describe()) is always added under "tapegrad.model".
   */
  metadata?: Record<string, string>;
}

const WRITE_DTYPES: Record<CheckpointDType, "F32" | "F64"> = { F32: "F32", float32: "F32", F64: "F64", float64: "F64" };

const CHECKPOINT_OPTIONS: OptionSpec<CheckpointOptions> = {
  dtype: (v) =>
    typeof v === "string" && Object.hasOwn(WRITE_DTYPES, v)
      ? null
      : `must be one of ${Object.keys(WRITE_DTYPES).map((k) => `"${k}"`).join(", ")} (F16 and BF16 files are read, not written)`,
  metadata: (v) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return "must be an object of strings";
    for (const [k, s] of Object.entries(v)) if (typeof s !== "string") return `must hold only strings (safetensors requires it; use JSON.stringify): "${k}" is ${describeValue(s)}`;
    return null;
  },
};

const LOAD_OPTIONS: OptionSpec<{ strict?: boolean }> = { strict: "boolean" };

/** A module's parameters as the bytes of a safetensors file. */
export function checkpointBytes(module: Module, options: CheckpointOptions = {}): Uint8Array {
  return checkpointBytesFor("checkpointBytes", module, options);
}

function checkpointBytesFor(where: string, module: Module, options: CheckpointOptions): Uint8Array {
  checkModule(where, module);
  const opts = checkOptions(where, options, CHECKPOINT_OPTIONS);
  const dtype = opts.dtype === undefined ? undefined : WRITE_DTYPES[opts.dtype];
  const entries = module.namedParameters("", { removeDuplicate: false }).map(([name, p]) => {
    const data = p.data();
    return [name, { shape: p.shape, data, dtype: dtype ?? (data instanceof Float32Array ? "F32" : "F64") }] as [
      string,
      { shape: readonly number[]; data: Float32Array | Float64Array; dtype: "F32" | "F64" },
    ];
  });
  return serializeSafetensors(entries, { ...opts.metadata, [MODEL_METADATA_KEY]: modelDescriptionJson(module.describe()) });
}

function checkModule(where: string, module: unknown): void {
  if (!(module instanceof Module)) throw new Error(`${where}: expected a Module, got ${describeValue(module)}`);
}

/** Loads safetensors bytes into a module (strict by default: names and shapes must match). */
export function loadCheckpointBytes(module: Module, bytes: Uint8Array, options: { strict?: boolean; source?: string } = {}): void {
  checkModule("loadCheckpointBytes", module);
  const opts = checkOptions("loadCheckpointBytes", options, { ...LOAD_OPTIONS, source: "string" });
  if (!(bytes instanceof Uint8Array)) throw new Error(`loadCheckpointBytes: expected the file's bytes as a Uint8Array, got ${describeValue(bytes)}`);
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
  return parseSafetensors(readFileBytes(path, "loadSafetensors"), path).tensors;
}

/** Saves a module's parameters as a safetensors file, atomically (a crash leaves the old file). */
export function saveCheckpoint(module: Module, path: string, options: CheckpointOptions = {}): void {
  writeFileAtomic(path, checkpointBytesFor("saveCheckpoint", module, options), "saveCheckpoint");
}

/** Loads a safetensors checkpoint file into a module (strict by default). */
export function loadCheckpoint(module: Module, path: string, options: { strict?: boolean } = {}): void {
  checkModule("loadCheckpoint", module);
  const opts = checkOptions("loadCheckpoint", options, LOAD_OPTIONS);
  loadCheckpointBytes(module, readFileBytes(path, "loadCheckpoint"), { ...opts, source: path });
}
