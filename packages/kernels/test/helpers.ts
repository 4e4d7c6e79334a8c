// Shared helpers for kernel tests: seeded random data and error measures against float64.
import { createKernels, type Kernels } from "../src/index";
import { rng } from "../../../test/support/mulberry32";

export { rng };

export function randomArray(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const r = rng(seed);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * r();
  return a;
}

/** Largest |x − ref| / (|ref| + 1): relative for large values, absolute near zero. */
export function maxMixedError(x: ArrayLike<number>, ref: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    const e = Math.abs(x[i] - ref[i]) / (Math.abs(ref[i]) + 1);
    if (!(e <= worst)) worst = e; // NaN counts as the worst
  }
  return worst;
}

export function maxAbsError(x: ArrayLike<number>, ref: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    const e = Math.abs(x[i] - ref[i]);
    if (!(e <= worst)) worst = e;
  }
  return worst;
}

/** Both compiled builds this engine runs without flags: every kernel test runs on each. */
export const builds = [
  { name: "simd", kernels: (): Kernels => createKernels({ build: "simd" }) },
  { name: "scalar", kernels: (): Kernels => createKernels({ build: "scalar" }) },
] as const;
