// Training checkpoints: the model, the optimizer and the scheduler in one safetensors file, so a
// run stopped after N steps and resumed in a fresh process continues exactly (PyTorch's usual
// torch.save({"model": …, "optimizer": …, "scheduler": …}), flattened with dots):
//   tensors   model.<parameter name>            the model's state dict (backend precision or `dtype`)
//             optimizer.state.<i>.<key>         each state array of parameter i (F64, the parameter's shape)
//   metadata  tapegrad.format                   "training-checkpoint/1"
//             optimizer                         JSON {class, param_groups, state: scalar entries (step, null buffers)}
//             scheduler                         JSON {class, state_dict} (±Infinity as strings)
//             anything given in `metadata`
// Loading checks everything against the objects first and rolls all three back if any part fails.
import type { Module } from "../module";
import type { Optimizer } from "../optim/optimizer";
import type { ReduceLROnPlateau } from "../optim/plateau";
import type { LRScheduler } from "../optim/schedule";
import { stateDictFromJson, stateDictToJson, type OptimizerStateDict } from "../optim/state-dict";
import { readFileBytes, writeFileAtomic } from "./fs";
import { parseSafetensors, serializeSafetensors } from "./safetensors";

const FORMAT = "training-checkpoint/1";

/** What a training checkpoint holds; optimizer and scheduler are optional. */
export interface TrainingState {
  model: Module;
  optimizer?: Optimizer;
  scheduler?: LRScheduler | ReduceLROnPlateau;
}

export interface TrainingCheckpointOptions {
  /** Stored element type of the model's parameters; follows the backend when omitted. */
  dtype?: "F32" | "F64";
  /** Extra string pairs for the safetensors `__metadata__` (epoch, config, …). */
  metadata?: Record<string, string>;
}

type Entry = [string, { shape: readonly number[]; data: ArrayLike<number>; dtype: "F32" | "F64" }];

/** The model, optimizer and scheduler as the bytes of one safetensors file. */
export function trainingCheckpointBytes(state: TrainingState, opts: TrainingCheckpointOptions = {}): Uint8Array {
  const entries: Entry[] = [];
  for (const [name, p] of state.model.namedParameters("", { removeDuplicate: false })) {
    const data = p.data();
    entries.push([`model.${name}`, { shape: p.shape, data, dtype: opts.dtype ?? (data instanceof Float32Array ? "F32" : "F64") }]);
  }
  const metadata: Record<string, string> = { ...opts.metadata, "tapegrad.format": FORMAT };
  const { optimizer, scheduler } = state;
  if (optimizer) {
    const sd = optimizer.stateDict();
    const params = optimizer.params;
    const scalars: Record<number, Record<string, number | null>> = {};
    for (const [i, st] of Object.entries(sd.state)) {
      for (const [key, v] of Object.entries(st)) {
        if (v instanceof Float64Array) entries.push([`optimizer.state.${i}.${key}`, { shape: params[Number(i)].shape, data: v, dtype: "F64" }]);
        else (scalars[Number(i)] ??= {})[key] = v;
      }
    }
    metadata.optimizer = stateDictToJson({ class: optimizer.constructor.name, param_groups: sd.param_groups, state: scalars });
  }
  if (scheduler) metadata.scheduler = stateDictToJson({ class: scheduler.constructor.name, state_dict: scheduler.stateDict() });
  return serializeSafetensors(entries, metadata);
}

/** Loads bytes made by trainingCheckpointBytes into the given objects (all or nothing). */
export function loadTrainingCheckpointBytes(bytes: Uint8Array, state: TrainingState, opts: { source?: string } = {}): Record<string, string> {
  const source = opts.source ?? "checkpoint";
  const fail = (what: string): never => {
    throw new Error(`loadTrainingCheckpoint: ${source}: ${what}`);
  };
  const { tensors, metadata } = parseSafetensors(bytes, source);
  if (metadata["tapegrad.format"] !== FORMAT) fail(`not a training checkpoint (metadata "tapegrad.format" is ${JSON.stringify(metadata["tapegrad.format"] ?? null)}, expected "${FORMAT}"); a model-only file loads with loadCheckpoint`);
  const { model, optimizer, scheduler } = state;
  const modelState = new Map<string, { shape: number[]; data: Float32Array | Float64Array }>();
  const arrays = new Map<string, Float64Array>();
  for (const [name, t] of tensors) {
    if (name.startsWith("model.")) modelState.set(name.slice(6), t);
    else if (name.startsWith("optimizer.state.")) arrays.set(name.slice(16), Float64Array.from(t.data));
    else fail(`unexpected tensor "${name}" (expected model.* or optimizer.state.*)`);
  }
  let optState: OptimizerStateDict | null = null;
  if (optimizer) {
    if (metadata.optimizer === undefined) fail("the file holds no optimizer state");
    const saved = stateDictFromJson<{ class: string; param_groups: OptimizerStateDict["param_groups"]; state?: Record<string, Record<string, number | null>> }>(metadata.optimizer);
    if (saved.class !== optimizer.constructor.name) fail(`the file holds ${saved.class} state, the optimizer is ${optimizer.constructor.name}`);
    const st: OptimizerStateDict["state"] = {};
    for (const [i, scalars] of Object.entries(saved.state ?? {})) st[Number(i)] = { ...scalars };
    for (const [key, data] of arrays) {
      const dot = key.indexOf(".");
      const i = Number(key.slice(0, dot));
      if (!(dot > 0 && Number.isInteger(i))) fail(`bad optimizer tensor name "optimizer.state.${key}"`);
      (st[i] ??= {})[key.slice(dot + 1)] = data;
    }
    optState = { state: st, param_groups: saved.param_groups };
  }
  let schedState: Record<string, unknown> | null = null;
  if (scheduler) {
    if (metadata.scheduler === undefined) fail("the file holds no scheduler state");
    const saved = stateDictFromJson<{ class: string; state_dict: Record<string, unknown> }>(metadata.scheduler);
    if (saved.class !== scheduler.constructor.name) fail(`the file holds ${saved.class} state, the scheduler is ${scheduler.constructor.name}`);
    schedState = saved.state_dict;
  }
  // Snapshot, so a failure in any part leaves all three as they were.
  const before = {
    model: new Map(model.namedParameters("", { removeDuplicate: false }).map(([n, p]) => [n, { shape: [...p.shape], data: p.data() }])),
    optimizer: optimizer?.stateDict(),
    scheduler: scheduler?.stateDict(),
  };
  try {
    model.loadStateDict(modelState);
    if (optimizer && optState) optimizer.loadStateDict(optState);
    if (scheduler && schedState) scheduler.loadStateDict(schedState);
  } catch (e) {
    model.loadStateDict(before.model);
    if (optimizer && before.optimizer) optimizer.loadStateDict(before.optimizer);
    if (scheduler && before.scheduler) scheduler.loadStateDict(before.scheduler);
    fail((e as Error).message);
  }
  const user = { ...metadata };
  for (const k of ["tapegrad.format", "optimizer", "scheduler"]) delete user[k];
  return user;
}

/** Saves model + optimizer + scheduler to one safetensors file, atomically. */
export function saveTrainingCheckpoint(path: string, state: TrainingState, opts: TrainingCheckpointOptions = {}): void {
  writeFileAtomic(path, trainingCheckpointBytes(state, opts));
}

/** Loads a training checkpoint into freshly built objects; returns the extra metadata saved with it. */
export function loadTrainingCheckpoint(path: string, state: TrainingState): Record<string, string> {
  return loadTrainingCheckpointBytes(readFileBytes(path), state, { source: path });
}
