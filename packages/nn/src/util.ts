// Small helpers for error messages and shape checks.
import { Tensor, describeValue } from "@tapegrad/autograd";

/** `value` must be a Tensor (a plain array is the usual slip); otherwise an Error naming `where` and `what`. */
export function checkTensorArg(where: string, what: string, value: unknown): Tensor {
  if (value instanceof Tensor) return value;
  const hint = Array.isArray(value) || ArrayBuffer.isView(value) ? " (make one with tensor(values))" : "";
  throw new Error(`${where}: ${what} must be a Tensor${hint}, got ${describeValue(value)}`);
}

/** "[2, 3, 4]" — how shapes are written in every error message. */
export function shapeStr(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** Flattens nested arrays / typed arrays of ids into a plain number[] plus its shape. */
export function flattenIds(ids: unknown, what: string): { values: number[]; shape: number[] } {
  const values: number[] = [];
  const shape: number[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (typeof v === "number") {
      if (depth !== shape.length) throw new Error(`${what}: ragged nested array of ids`);
      values.push(v);
      return;
    }
    if (!Array.isArray(v) && !ArrayBuffer.isView(v)) throw new Error(`${what}: expected numbers or nested arrays of numbers, got ${typeof v}`);
    const arr = v as ArrayLike<unknown>;
    if (shape.length === depth) shape.push(arr.length);
    else if (shape[depth] !== arr.length) throw new Error(`${what}: ragged nested array of ids`);
    for (let i = 0; i < arr.length; i++) walk(arr[i], depth + 1);
  };
  walk(ids, 0);
  return { values, shape };
}

/** The backend name of a tensor ("wasm" | "js"), whether `backend` is the name or a backend object. */
export function backendName(t: { backend: unknown }): "wasm" | "js" {
  const b = t.backend as string | { name: "wasm" | "js" };
  return typeof b === "string" ? (b as "wasm" | "js") : b.name;
}
