// Building optimizers and schedulers from a fixture's PyTorch description (snake_case arguments),
// and comparing state dicts with PyTorch's.
import { tensor, type BackendName, type Tensor } from "@tapegrad/autograd";
import { CosineAnnealingLR, ExponentialLR, LinearLR, OneCycleLR, ReduceLROnPlateau, StepLR, type LRScheduler, type Optimizer, type OptimizerStateDict } from "@tapegrad/nn";
import type { Checker } from "../compare";
import { asFixtureTensor } from "../fixture";
import { IMPLEMENTATION_SWITCHES, makeOptimizer, optimizerOptions } from "./optimizer";

/** A PyTorch argument name as our options spell it: step_size → stepSize, T_max → tMax. */
function camelCase(name: string): string {
  return name === "T_max" ? "tMax" : name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** A fixture's groups [{params: [indices], hyperparams}] over `params`, as our group inputs. */
export function groupsOf(groups: Array<{ params: number[]; hyperparams?: Record<string, unknown> }>, params: Tensor[]): any[] {
  return groups.map((g) => ({ params: g.params.map((i) => params[i]), ...optimizerOptions(g.hyperparams ?? {}) }));
}

/** The optimizer a fixture case describes ({optimizer, defaults, groups}). */
export function optimizerFor(c: Record<string, any>, params: Tensor[]): Optimizer {
  return makeOptimizer(String(c.optimizer), groupsOf(c.groups, params), optimizerOptions(c.defaults ?? {}));
}

/** PyTorch scheduler arguments (snake_case) → our scheduler. */
export function makeScheduler(qualname: string, opt: Optimizer, args: Record<string, any>): LRScheduler | ReduceLROnPlateau {
  const name = qualname.replace(/^torch\.optim\.lr_scheduler\./, "");
  const camel: Record<string, any> = {};
  for (const [k, v] of Object.entries(args)) camel[camelCase(k)] = v;
  switch (name) {
    case "StepLR":
      return new StepLR(opt, camel.stepSize, camel.gamma);
    case "ExponentialLR":
      return new ExponentialLR(opt, camel.gamma);
    case "LinearLR":
      return new LinearLR(opt, camel);
    case "CosineAnnealingLR":
      return new CosineAnnealingLR(opt, camel.tMax, camel.etaMin);
    case "OneCycleLR":
      return new OneCycleLR(opt, camel as any);
    case "ReduceLROnPlateau":
      return new ReduceLROnPlateau(opt, camel);
    default:
      throw new Error(`lr_scheduler: unknown scheduler ${JSON.stringify(qualname)}`);
  }
}

/** Tensors of a fixture list on a backend. */
export function tensorsOf(list: unknown[], where: string, backend: BackendName, requiresGrad = false): Tensor[] {
  return list.map((v, i) => {
    const t = asFixtureTensor(v, `${where}[${i}]`);
    return tensor(t.data, { backend, shape: t.shape, requiresGrad });
  });
}

/** Sets every parameter's gradient from a fixture step. */
export function setGrads(params: Tensor[], grads: unknown[], backend: BackendName): void {
  params.forEach((p, j) => {
    const g = asFixtureTensor(grads[j], `grads[${j}]`);
    p.grad = tensor(g.data, { backend, shape: g.shape });
  });
}

/** A fixture value back as a JS value: encoded tensors → Float64Array (0-d → number), "inf" → Infinity. */
export function fromFixtureValue(v: unknown): unknown {
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  if (Array.isArray(v)) return v.map(fromFixtureValue);
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.shape) && Array.isArray(o.data)) return o.shape.length === 0 ? (o.data as number[])[0] : Float64Array.from(o.data as number[]);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, fromFixtureValue(x)]));
  }
  return v;
}

/** Compares any two plain values (numbers within tolerance, the rest exactly). */
export function checkValue(check: Checker, where: string, got: unknown, want: unknown): void {
  want = fromFixtureValue(want);
  if (typeof want === "number") {
    if (typeof got !== "number") check.failures.push(`${where}: expected a number, got ${JSON.stringify(got)}`);
    else if (!Number.isFinite(want)) { if (got !== want) check.failures.push(`${where}: got ${got}, expected ${want}`); }
    else check.scalar(where, got, want);
  } else if (want instanceof Float64Array) {
    if (!(got instanceof Float64Array)) check.failures.push(`${where}: expected ${want.length} values, got ${typeof got}`);
    else check.values(where, got, want);
  } else if (Array.isArray(want)) {
    if (!Array.isArray(got) || got.length !== want.length) check.failures.push(`${where}: expected a list of ${want.length}, got ${JSON.stringify(got)}`);
    else want.forEach((w, i) => checkValue(check, `${where}[${i}]`, got[i], w));
  } else if (want !== null && typeof want === "object") {
    if (got === null || typeof got !== "object") check.failures.push(`${where}: expected an object, got ${JSON.stringify(got)}`);
    else for (const [k, w] of Object.entries(want)) checkValue(check, `${where}.${k}`, (got as Record<string, unknown>)[k], w);
  } else if (got !== want && !(want === null && got === undefined)) {
    check.failures.push(`${where}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }
}

/** Our optimizer state dict against PyTorch's: every group hyperparameter (but implementation switches) and every state entry. */
export function checkOptimizerStateDict(check: Checker, where: string, got: OptimizerStateDict, want: Record<string, any>): void {
  const groups = want.param_groups as Record<string, unknown>[];
  if (got.param_groups.length !== groups.length) {
    check.failures.push(`${where}.param_groups: ${got.param_groups.length} groups, expected ${groups.length}`);
    return;
  }
  groups.forEach((g, i) => {
    for (const [k, w] of Object.entries(g)) {
      if (IMPLEMENTATION_SWITCHES.has(k)) continue;
      if (!(k in got.param_groups[i])) check.failures.push(`${where}.param_groups[${i}]: missing ${k}`);
      else checkValue(check, `${where}.param_groups[${i}].${k}`, got.param_groups[i][k], w);
    }
  });
  const wantState = want.state as Record<string, Record<string, unknown>>;
  const gotKeys = Object.keys(got.state).sort();
  const wantKeys = Object.keys(wantState).sort();
  if (gotKeys.join() !== wantKeys.join()) check.failures.push(`${where}.state: parameters [${gotKeys}], expected [${wantKeys}]`);
  for (const k of wantKeys) {
    const st = got.state[Number(k)] ?? {};
    for (const [key, w] of Object.entries(wantState[k])) checkValue(check, `${where}.state[${k}].${key}`, st[key], w);
    for (const key of Object.keys(st)) if (!(key in wantState[k]) && st[key] !== null) check.failures.push(`${where}.state[${k}]: unexpected ${key}`);
  }
}

/** PyTorch's optimizer state dict from a fixture, in our in-memory form. */
export function optimizerStateFromFixture(v: Record<string, any>): OptimizerStateDict {
  return fromFixtureValue(v) as OptimizerStateDict;
}
