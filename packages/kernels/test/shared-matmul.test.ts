// Kernel threads (issue 13): a matmul split by rows over threads on one shared memory gives
// bitwise the same C at every thread count (and as the single-threaded SIMD build), matches the
// twin, leaves memory flat, and bad settings are clear errors.
import { afterAll, describe, expect, it, vi } from "vitest";
import { createKernels, twins, type Kernels } from "../src/index";

function values(n: number, seed: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin(seed + 0.37 * i) * (1 + (i % 7) / 7));
}

/** C of one product on an instance, with A, B and bias (none, a row, or [m, n]) from fixed seeds. */
function product(k: Kernels, dims: { m: number; n: number; k: number; transA?: boolean; transB?: boolean; accumulate?: boolean }, bias: false | "row" | "matrix"): Float32Array {
  const a = k.fromArray(values(dims.m * dims.k, 1)), b = k.fromArray(values(dims.k * dims.n, 2));
  const c = k.fromArray(values(dims.m * dims.n, 3)), bi = bias ? k.fromArray(values(bias === "row" ? dims.n : dims.m * dims.n, 4)) : null;
  k.matmul(a, b, c, dims, bi);
  const out = c.data.slice();
  for (const x of [a, b, c, bi]) x?.free();
  return out;
}

describe("matmul split over kernel threads", () => {
  const single = createKernels({ build: "simd" });
  const threaded = [2, 3].map((threads) => createKernels({ threads }));
  afterAll(() => { for (const k of threaded) k.stopThreads(); });

  // Above the split threshold (2·m·n·k ≥ 2^23), with ragged ends of the 16-row blocks and of the
  // kernel's 128-row packing blocks.
  const cases = [
    { m: 513, n: 160, k: 210, transB: false, accumulate: false },
    { m: 300, n: 257, k: 220, transB: true, accumulate: true },
    { m: 1024, n: 65, k: 260, transB: false, accumulate: true },
  ];

  it("gives bitwise the same C at 1, 2 and 3 threads, with and without bias (a row or [m, n]), NN and NT", async () => {
    for (const k of threaded) await k.whenThreadsReady();
    for (const dims of cases) {
      for (const bias of [false, "row", "matrix"] as const) {
        const ref = product(single, dims, bias);
        for (const k of threaded) expect(product(k, dims, bias)).toEqual(ref);
      }
    }
  });

  it("matches the float64 twin to float32 rounding, and runs Aᵀ·B (unsplit) alike", async () => {
    const k = threaded[0];
    await k.whenThreadsReady();
    for (const dims of [cases[0], { m: 300, n: 200, k: 300, transA: true }]) {
      const got = product(k, dims, false);
      const want = Float64Array.from(values(dims.m * dims.n, 3));
      twins.matmul(Float64Array.from(values(dims.m * dims.k, 1)), Float64Array.from(values(dims.k * dims.n, 2)), want, dims);
      const scale = want.reduce((x, v) => Math.max(x, Math.abs(v)), 0);
      got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(2e-5 * scale));
    }
  });

  it("keeps WebAssembly memory flat after the first call", async () => {
    const k = threaded[1];
    await k.whenThreadsReady();
    product(k, cases[2], "row");
    const before = k.stats();
    for (let i = 0; i < 5; i++) product(k, cases[2], "row");
    expect(k.stats().memoryBytes).toBe(before.memoryBytes);
    expect(k.stats().bytesInUse).toBe(before.bytesInUse);
  });

  it("runs on after its threads are stopped (on the calling thread)", async () => {
    const k = createKernels({ threads: 2 });
    await k.whenThreadsReady();
    k.stopThreads();
    expect(product(k, cases[0], "row")).toEqual(product(single, cases[0], "row"));
  });

  it("without SharedArrayBuffer (a page that is not cross-origin isolated) runs on one thread and says so once", () => {
    const saved = globalThis.SharedArrayBuffer;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      delete (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer;
      const a = createKernels({ threads: 2 }), b = createKernels({ threads: 3 });
      expect([a.threads, b.threads]).toEqual([1, 1]);
      expect(a.build).not.toBe("shared");
      expect(product(a, cases[0], "row")).toEqual(product(single, cases[0], "row"));
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toMatch(/kernels run on one thread: SharedArrayBuffer is unavailable/);
    } finally {
      globalThis.SharedArrayBuffer = saved;
      warn.mockRestore();
    }
  });

  it("names a bad thread count or build", () => {
    expect(() => createKernels({ threads: 0 })).toThrow("createKernels: threads must be a whole number from 1 to 256, got 0");
    expect(() => createKernels({ threads: 2.5 })).toThrow(/got 2.5/);
    expect(() => createKernels({ threads: 2, build: "relaxed" })).toThrow("createKernels: threads above 1 run the 'shared' build, not 'relaxed'");
  });
});
