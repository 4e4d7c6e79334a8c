// Kernel threads (issue 13): one n×n matmul on the shared-memory build at 1 thread and split by
// rows over more (createKernels({ threads })), alternating rounds, best round; GFLOP/s and speedup.
import { createKernels, type Kernels } from "@tapegrad/kernels";
import { time, type TimingProfile } from "./timing";

export interface ThreadedRow {
  n: number;
  /** GFLOP/s by thread count. */
  gflops: Record<number, number>;
  /** GFLOP/s at the most threads over GFLOP/s at one. */
  speedup: number;
}

const ROUNDS = 5;

export async function measureThreaded(sizes: number[], threads: number[], profile: TimingProfile): Promise<ThreadedRow[]> {
  const instances = new Map<number, Kernels>(threads.map((t) => [t, t === 1 ? createKernels({ build: "shared" }) : createKernels({ threads: t })]));
  try {
    for (const k of instances.values()) await k.whenThreadsReady();
    return sizes.map((n) => {
      const best: Record<number, number> = {};
      const runners = [...instances].map(([t, k]) => {
        const a = k.fromArray(Float32Array.from({ length: n * n }, (_, i) => Math.sin(i)));
        const b = k.fromArray(Float32Array.from({ length: n * n }, (_, i) => Math.cos(i)));
        const c = k.alloc(n * n);
        best[t] = Infinity;
        return { t, run: () => k.matmul(a, b, c, { m: n, n, k: n }), free: () => { a.free(); b.free(); c.free(); } };
      });
      for (let round = 0; round < ROUNDS; round++) {
        for (const r of round % 2 ? [...runners].reverse() : runners) {
          best[r.t] = Math.min(best[r.t], time(`matmul ${n} ${r.t} threads`, r.run, { ...profile, maxTime: profile.maxTime / ROUNDS }).seconds);
        }
      }
      for (const r of runners) r.free();
      const gflops = Object.fromEntries(threads.map((t) => [t, (2 * n ** 3) / best[t] / 1e9]));
      return { n, gflops, speedup: gflops[threads[threads.length - 1]] / gflops[threads[0]] };
    });
  } finally {
    for (const k of instances.values()) k.stopThreads();
  }
}

export function formatThreaded(rows: ThreadedRow[], threads: number[]): string {
  return [
    "matmul n×n split by rows over kernel threads (shared-memory SIMD build), GFLOP/s:",
    `     n${threads.map((t) => `${t} thread${t > 1 ? "s" : ""}`.padStart(12)).join("")}     speedup`,
    ...rows.map((r) => `${String(r.n).padStart(6)}${threads.map((t) => r.gflops[t].toFixed(2).padStart(12)).join("")}${`${r.speedup.toFixed(2)}×`.padStart(12)}`),
  ].join("\n");
}
