// Shared helpers for kernel tests: seeded random data and the builds to run on (the error
// measures are test/support/compare.ts, shared by every package's tests).
import { createKernels, type Kernels } from "../src/index";
import { rng } from "../../../test/support/mulberry32";

export function randomArray(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const r = rng(seed);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * r();
  return a;
}

/** Both compiled builds this engine runs without flags: every kernel test runs on each. */
export const builds = [
  { name: "simd", kernels: (): Kernels => createKernels({ build: "simd" }) },
  { name: "scalar", kernels: (): Kernels => createKernels({ build: "scalar" }) },
] as const;
