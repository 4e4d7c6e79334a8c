// Shared test machinery: random inputs from a seed, fast-check shape generators, and one check
// that runs an op on both backends, compares values, runs gradcheck in float64 and compares
// the float32 gradients with the float64 ones.
import fc from "fast-check";
import { expect } from "vitest";
import { Generator, gradcheck, scope, tensor, type Tensor } from "../src/index";

export type Domain = "any" | "positive" | "unit";

export interface InputSpec {
  shape: number[];
  domain?: Domain;
}

export function values(shape: readonly number[], seed: number, domain: Domain = "any"): Float64Array {
  const g = new Generator(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = g.random();
    // Stay away from kinks and poles (relu at 0, log and sqrt near 0) so differences are smooth.
    if (domain === "positive") out[i] = 0.5 + 1.5 * u;
    else if (domain === "unit") out[i] = 0.1 + 0.8 * u;
    else out[i] = (u < 0.5 ? -1 : 1) * (0.1 + 1.4 * g.random());
  }
  return out;
}

export const dimArb = fc.integer({ min: 1, max: 3 });
export const shapeArb = (minRank = 0, maxRank = 3): fc.Arbitrary<number[]> => fc.array(dimArb, { minLength: minRank, maxLength: maxRank });

/** Two shapes that broadcast: b drops some leading axes of a and sets others to 1; maybe swapped. */
export const broadcastPairArb: fc.Arbitrary<[number[], number[]]> = fc
  .tuple(shapeArb(0, 3), fc.nat(3), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.boolean())
  .map(([a, drop, ones, swap]) => {
    const b = a.slice(Math.min(drop, a.length)).map((d, i) => (ones[i] ? 1 : d));
    return (swap ? [b, a] : [a, b]) as [number[], number[]];
  });

export const seedArb = fc.integer({ min: 1, max: 2 ** 30 });

const close = (a: ArrayLike<number>, b: ArrayLike<number>, rtol: number, atol: number): string | null => {
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) return `element ${i}: ${a[i]} vs ${b[i]}`;
  }
  return null;
};

/**
 * fn on float32 (wasm) and float64 (js) inputs made from the same values: outputs agree,
 * gradcheck passes on js, and wasm gradients match js gradients.
 */
export function checkOp(fn: (...xs: Tensor[]) => Tensor, specs: InputSpec[], seed: number, tol = { rtol: 2e-4, atol: 2e-5 }): void {
  const raw = specs.map((s, i) => values(s.shape, seed + 7919 * i, s.domain));
  const run = (backend: "wasm" | "js") =>
    scope(() => {
      const xs = specs.map((s, i) => tensor(raw[i], { shape: s.shape, backend, requiresGrad: true }));
      const out = fn(...xs);
      const w = values(out.shape, seed + 1, "any");
      const weights = tensor(w, { shape: out.shape, backend });
      out.mul(weights).sum().backward();
      const result = { out: out.data(), shape: out.shape, grads: xs.map((x) => (x.grad ? x.grad.data() : new Float64Array(x.size))) };
      for (const x of xs) { x.grad?.dispose(); x.dispose(); }
      return result;
    });
  const js = run("js"), wasm = run("wasm");
  expect(wasm.shape).toEqual(js.shape);
  const fwd = close(wasm.out, js.out, tol.rtol, tol.atol);
  if (fwd) throw new Error(`forward wasm vs js: ${fwd} (shapes ${JSON.stringify(specs.map((s) => s.shape))})`);
  js.grads.forEach((g, i) => {
    const bad = close(wasm.grads[i], g, tol.rtol * 5, tol.atol * 5);
    if (bad) throw new Error(`gradient of input ${i} wasm vs js: ${bad} (shapes ${JSON.stringify(specs.map((s) => s.shape))})`);
  });
  const inputs = specs.map((s, i) => tensor(raw[i], { shape: s.shape, backend: "js" }));
  const res = gradcheck(fn, inputs, { atol: 1e-6, rtol: 1e-5 });
  for (const t of inputs) t.dispose();
  if (!res.ok) throw new Error(`gradcheck failed: ${JSON.stringify(res.perInput)} (shapes ${JSON.stringify(specs.map((s) => s.shape))})`);
}

export const RUNS = 100;
