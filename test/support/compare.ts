// Comparing computed values with a reference: the error measures the tests of every package
// share. Each measure is the worst element's error. An element equal to its reference (the same
// infinity, or NaN where NaN is expected) has error 0; a NaN on one side only makes the measure
// NaN, so `expect(measure).toBeLessThan(tol)` fails instead of the NaN being passed over.
import { expect } from "vitest";

/** The worst of errorAt over the elements, by the rules above; arrays of different lengths are an error. */
function worstError(what: string, got: ArrayLike<number>, ref: ArrayLike<number>, errorAt: (g: number, r: number) => number): number {
  if (got.length !== ref.length) throw new Error(`${what}: ${got.length} values against a reference of ${ref.length}`);
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    const g = got[i], r = ref[i];
    if (g === r || (Number.isNaN(g) && Number.isNaN(r))) continue;
    const e = errorAt(g, r);
    if (Number.isNaN(e)) return Number.NaN;
    if (e > worst) worst = e;
  }
  return worst;
}

/** The largest |got − ref|. */
export function maxAbsDiff(got: ArrayLike<number>, ref: ArrayLike<number>): number {
  return worstError("maxAbsDiff", got, ref, (g, r) => Math.abs(g - r));
}

/** The largest |got − ref| / (|ref| + 1): relative for large values, absolute near zero. */
export function maxMixedError(got: ArrayLike<number>, ref: ArrayLike<number>): number {
  return worstError("maxMixedError", got, ref, (g, r) => Math.abs(g - r) / (Math.abs(r) + 1));
}

/** The largest |got − ref| / (rel·|ref| + abs): at most 1 when every element is within its tolerance. */
export function worstRatio(got: ArrayLike<number>, ref: ArrayLike<number>, rel: number, abs: number): number {
  return worstError("worstRatio", got, ref, (g, r) => Math.abs(g - r) / (rel * Math.abs(r) + abs));
}

/** Expects equally long arrays whose elements differ by at most `tol` (maxAbsDiff), naming the worst element otherwise. */
export function expectAllClose(got: ArrayLike<number>, ref: ArrayLike<number>, tol: number, what = "values"): void {
  expect(got.length, `${what}: length`).toBe(ref.length);
  const worst = maxAbsDiff(got, ref);
  if (worst <= tol) return;
  let at = 0;
  for (let i = 0; i < ref.length; i++) {
    const e = maxAbsDiff([got[i]], [ref[i]]);
    if (Number.isNaN(e) || e === worst) {
      at = i;
      break;
    }
  }
  expect.fail(`${what}: element ${at} is ${got[at]}, expected ${ref[at]} within ${tol}`);
}
