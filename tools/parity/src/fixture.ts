// Fixture values as tapegrad objects: encoded tensors checked and turned into Tensors, ids, nesting.
// Reading the files is fixture-file.ts (no autograd), which every test that reads fixtures uses.
import { tensor, type BackendName, type Tensor } from "@tapegrad/autograd";
import type { Fixture, FixtureTensor } from "./fixture-file";

export type { Fixture, FixtureTensor };

/** Checks that `v` is an encoded tensor and returns it; `where` names it in errors. */
export function asFixtureTensor(v: unknown, where: string): FixtureTensor {
  if (v === null || typeof v !== "object") throw new Error(`fixture: ${where}: expected a tensor {shape, dtype, data}, got ${v === null ? "null" : typeof v}`);
  const t = v as FixtureTensor;
  if (!Array.isArray(t.shape) || !Array.isArray(t.data)) throw new Error(`fixture: ${where}: expected a tensor {shape, dtype, data}`);
  const n = t.shape.reduce((a: number, b: number) => a * b, 1);
  if (n !== t.data.length) throw new Error(`fixture: ${where}: shape [${t.shape.join(", ")}] needs ${n} values, data has ${t.data.length}`);
  return t;
}

/** A fixture tensor as a Tensor on `backend`. */
export function toTensor(v: unknown, where: string, backend: BackendName, requiresGrad = false): Tensor {
  const t = asFixtureTensor(v, where);
  return tensor(t.data, { backend, shape: t.shape, requiresGrad });
}

/** Integer ids of a fixture tensor (int64) or a bare JSON list. */
export function toIds(v: unknown, where: string): { values: number[]; shape: number[] } {
  if (Array.isArray(v)) return { values: v as number[], shape: [v.length] };
  const t = asFixtureTensor(v, where);
  return { values: t.data, shape: t.shape };
}

/** Nests flat row-major values into arrays of `shape` (for ids of rank > 1). */
export function nest(values: number[], shape: number[]): any {
  if (shape.length <= 1) return values.slice();
  const inner = shape.slice(1).reduce((a, b) => a * b, 1);
  return Array.from({ length: shape[0] }, (_, i) => nest(values.slice(i * inner, (i + 1) * inner), shape.slice(1)));
}
