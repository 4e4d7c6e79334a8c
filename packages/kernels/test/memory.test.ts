import { describe, expect, it } from "vitest";
import { createKernels, sizeClass } from "../src/index";

describe("WebAssembly memory", () => {
  it("refreshes buffer views after the memory grows, keeping their contents", () => {
    const kernels = createKernels({ initialBytes: 65536 });
    const a = kernels.fromArray([1, 2, 3, 4]);
    const oldView = a.data;
    const before = kernels.stats().memoryBytes;
    const big = kernels.alloc(1_000_000); // forces memory.grow
    expect(kernels.stats().memoryBytes).toBeGreaterThan(before);
    expect(oldView.length).toBe(0); // the old view was detached by the grow
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4]);
    expect(big.data.length).toBe(1_000_000);
    // Kernels given the handle after the grow work on the live memory.
    kernels.scale(a, a, 2);
    expect(Array.from(a.data)).toEqual([2, 4, 6, 8]);
  });

  it("rejects a stale Float32Array view with a clear error", () => {
    const kernels = createKernels({ initialBytes: 65536 });
    const a = kernels.alloc(4);
    const stale = a.data;
    kernels.alloc(100_000);
    expect(() => kernels.fill(stale, 1)).toThrow("fill: out is a stale view: WebAssembly memory grew since it was made");
  });

  it("reuses freed blocks, so a repeated workload keeps memory flat", () => {
    const kernels = createKernels({ initialBytes: 65536 });
    const step = () => {
      const a = kernels.alloc(96 * 80), b = kernels.alloc(80 * 40), c = kernels.alloc(96 * 40);
      kernels.matmul(a, b, c, { m: 96, n: 40, k: 80 });
      [a, b, c].forEach((x) => x.free());
    };
    for (let i = 0; i < 3; i++) step();
    const settled = kernels.stats();
    for (let i = 0; i < 500; i++) step();
    const after = kernels.stats();
    expect(after.memoryBytes).toBe(settled.memoryBytes);
    expect(after.bytesInUse).toBe(settled.bytesInUse);
  });

  it("throws a clear error when memory runs out", () => {
    const kernels = createKernels({ initialBytes: 65536, maximumBytes: 4 * 65536 });
    kernels.alloc(30_000);
    expect(() => kernels.alloc(100_000)).toThrow(/kernels\.alloc: out of WebAssembly memory: asked for 400000 bytes with \d+ bytes in use; \d+ bytes are in use, and 400000 more exceed the limit; memory is \d+ bytes and may grow to at most 262144 bytes/);
    // The instance stays usable after the failure.
    expect(kernels.alloc(10).data.length).toBe(10);
  });

  it("rejects double free and use after free", () => {
    const kernels = createKernels();
    const a = kernels.alloc(8);
    a.free();
    expect(() => a.free()).toThrow("WasmBuffer.free: buffer at");
    expect(() => a.data).toThrow("WasmBuffer: use of a released buffer (8 f32 at");
    expect(() => kernels.alloc(-1)).toThrow("kernels.alloc: length must be a non-negative integer, got -1");
  });

  it("size classes bound the slack to 12.5% above 1 KiB", () => {
    for (let bytes = 1; bytes < 1e7; bytes = Math.ceil(bytes * 1.37)) {
      const c = sizeClass(bytes);
      expect(c).toBeGreaterThanOrEqual(bytes);
      expect(c % 16).toBe(0);
      if (bytes > 1024) expect(c / bytes).toBeLessThanOrEqual(1.125);
    }
  });
});

describe("reuse across sizes", () => {
  it("a grow-and-free workload with one tensor alive succeeds while it fits", () => {
    // Memory capped at 64 MiB: each tensor alone fits, their sum (≈ 590 MB) would not.
    const kernels = createKernels({ initialBytes: 65536, maximumBytes: 1024 * 65536 });
    for (let n = 1000; n <= 15_000_000; n = Math.ceil(n * 1.25)) {
      const a = kernels.alloc(n, false);
      a.free();
    }
    expect(kernels.stats().bytesInUse).toBe(0);
    expect(kernels.stats().memoryBytes).toBeLessThanOrEqual(1024 * 65536);
  });

  it("variable-length batches keep memory within 1.5× the peak bytes in use", () => {
    // A training step's pattern: long-lived parameters, then per-step tensors whose sizes follow
    // the sequence length (20 → 2,370, as in the issue), all freed at the end of the step.
    const kernels = createKernels({ initialBytes: 65536 });
    const params = [kernels.alloc(4 * 64 * 72), kernels.alloc(4 * 64), kernels.alloc(64)];
    for (let seq = 20; seq <= 2370; seq += 10) {
      // Whole-sequence tensors ([seq, batch, 4H] projections, [seq, batch, H] outputs) and their
      // gradients change size every step; per-time-step tensors repeat.
      const step = [kernels.alloc(seq * 32 * 4 * 64, false), kernels.alloc(seq * 32 * 64, false)];
      for (let t = 0; t < seq; t += 10) step.push(kernels.alloc(32 * 5 * 64, false), kernels.alloc(32 * 64, false));
      step.push(kernels.alloc(seq * 32 * 64, false), kernels.alloc(seq * 32 * 4 * 64, false));
      for (const b of step) b.free();
    }
    const s = kernels.stats();
    expect(s.memoryBytes).toBeLessThanOrEqual(1.5 * s.peakBytesInUse);
    params.forEach((p) => p.free());
  });

  it("merges freed neighbours before growing, and serves a larger request from them", () => {
    const kernels = createKernels({ initialBytes: 4 * 65536 });
    const [a, b, c] = [kernels.alloc(16_000, false), kernels.alloc(16_000, false), kernels.alloc(16_000, false)];
    const held = kernels.alloc(1000, false); // live, above them
    const before = kernels.stats().memoryBytes;
    expect(before).toBe(4 * 65536); // 150 KB more would not fit above `held`
    a.free(), b.free(), c.free(); // 3 × 64 KB free below a live block: no single list serves 150 KB
    const merged = kernels.alloc(37_500, false); // 150 KB
    expect(merged.ptr).toBe(a.ptr);
    expect(kernels.stats().memoryBytes).toBe(before);
    // The split-off rest of the merged run (192 KB − 160 KB) is free for a request of its size.
    const rest = kernels.alloc(8192, false);
    expect(rest.ptr).toBe(a.ptr + sizeClass(150_000));
    for (const t of [merged, rest, held]) t.free();
    expect(kernels.stats().bytesInUse).toBe(0);
  });

  it("out of memory says whether the bytes are in use or the memory is fragmented", () => {
    const kernels = createKernels({ initialBytes: 65536, maximumBytes: 16 * 65536 });
    const held = [];
    for (let i = 0; i < 14; i++) held.push(kernels.alloc(16_000, false)); // 64 KB each
    for (let i = 0; i < 14; i += 2) held[i].free(); // every other one: free memory in pieces
    expect(() => kernels.alloc(100_000)).toThrow(/out of WebAssembly memory: asked for 400000 bytes with \d+ bytes in use; the memory is fragmented: \d+ bytes are free but in pieces \(the largest \d+ bytes\)/);
    expect(() => kernels.alloc(2_000_000)).toThrow(/out of WebAssembly memory: asked for 8000000 bytes with \d+ bytes in use; \d+ bytes are in use, and 8000000 more exceed the limit/);
  });
});
