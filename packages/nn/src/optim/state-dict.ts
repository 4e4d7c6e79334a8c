// Optimizer and scheduler state dicts in PyTorch's layout, their checks (with PyTorch's wording),
// and a JSON form for files: arrays of state become plain lists, ±Infinity (ReduceLROnPlateau's
// starting `best`) becomes a string, both restored on parse.
import type { Tensor } from "@tapegrad/autograd";

/** A parameter group as saved: snake_case hyperparameters and the indices of its parameters. */
export type SavedParamGroup = Record<string, unknown> & { params: number[] };

/** PyTorch's optimizer.state_dict() layout. */
export interface OptimizerStateDict {
  /** Per parameter index (over all groups, in order): step, exp_avg, momentum_buffer, … */
  state: Record<number, Record<string, number | Float64Array | null>>;
  param_groups: SavedParamGroup[];
}

/** A scheduler's state: its counters, base rates and settings under PyTorch's names. */
export type SchedulerStateDict = Record<string, unknown>;

/** weightDecay → weight_decay, initialLr → initial_lr (PyTorch's names). */
export function toSnake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** weight_decay → weightDecay. */
export function fromSnake(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Checks a state dict's layout against the optimizer's groups; returns the saved groups and the state by position. */
export function checkStateDict(name: string, sd: unknown, groups: Tensor[][]): { groups: SavedParamGroup[]; state: OptimizerStateDict["state"] } {
  const where = `${name}.loadStateDict`;
  if (typeof sd !== "object" || sd === null) throw new Error(`${where}: expected a state dict { state, param_groups }, got ${sd === null ? "null" : typeof sd}`);
  const { state, param_groups: saved } = sd as Partial<OptimizerStateDict>;
  if (!Array.isArray(saved)) throw new Error(`${where}: the state dict has no "param_groups" list`);
  if (typeof state !== "object" || state === null) throw new Error(`${where}: the state dict has no "state" object`);
  if (saved.length !== groups.length) {
    throw new Error(`${where}: loaded state dict has a different number of parameter groups (${saved.length}, the optimizer has ${groups.length})`);
  }
  saved.forEach((g, i) => {
    if (typeof g !== "object" || g === null || !Array.isArray(g.params)) throw new Error(`${where}: param_groups[${i}] has no "params" list`);
    if (g.params.length !== groups[i].length) {
      throw new Error(
        `${where}: loaded state dict contains a parameter group that doesn't match the size of optimizer's group ` +
          `(param_groups[${i}] has ${g.params.length} parameters, the optimizer's group has ${groups[i].length})`,
      );
    }
  });
  // PyTorch maps saved ids to parameters by position over all groups; our ids are positions
  // already, and a dict from PyTorch numbers them the same way. A copy keyed by position is returned.
  const ids = saved.flatMap((g) => g.params);
  const total = ids.length;
  const known = new Set(ids.map(String));
  for (const k of Object.keys(state)) {
    if (!known.has(k)) throw new Error(`${where}: state for parameter ${k}, which no parameter group lists (the optimizer has ${total} parameters)`);
  }
  const byPosition: OptimizerStateDict["state"] = {};
  ids.forEach((id, i) => {
    const st = (state as Record<string, OptimizerStateDict["state"][number]>)[String(id)];
    if (st !== undefined && st !== null) byPosition[i] = st;
  });
  return { groups: saved, state: byPosition };
}

/** JSON text of a state dict: Float64Arrays as lists, ±Infinity and NaN as strings. */
export function stateDictToJson(sd: unknown): string {
  return JSON.stringify(sd, (_k, v) => {
    if (v instanceof Float64Array || v instanceof Float32Array) return Array.from(v);
    if (typeof v === "number" && !Number.isFinite(v)) return String(v);
    return v;
  });
}

/** Parses stateDictToJson's text: number lists under `state` become Float64Arrays again. */
export function stateDictFromJson<T = Record<string, unknown>>(text: string): T {
  const parsed = JSON.parse(text, (_k, v) => (v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v === "NaN" ? NaN : v));
  if (parsed && typeof parsed.state === "object" && parsed.state !== null) {
    for (const st of Object.values(parsed.state as Record<string, Record<string, unknown>>)) {
      for (const [k, v] of Object.entries(st)) if (Array.isArray(v)) st[k] = Float64Array.from(v as number[]);
    }
  }
  return parsed;
}
