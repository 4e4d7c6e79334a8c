// Row-split matmul over threads on one shared WebAssembly memory: the calling thread owns the
// allocator (it is not thread-safe) and hands each worker pointers — its rows of op(A) and C, the
// shared B, and scratch of its own; each worker runs the same kernel build on the same memory
// (kernel-worker.ts). Rows go out in blocks of 16, as evenly as the blocks allow, and the kernel
// sums every element of C over k in the same order whatever rows it is given, so results are
// bitwise the same at any thread count. Only products with op(A) = A split (A's rows are
// contiguous; the kernel takes no leading dimension). A hand-off wakes a sleeping thread (10–50 µs
// here), so products under SPLIT_MIN_FLOPS stay on the calling thread.
// Measured (2026-11-29, quiet machine, n×n·n×n on 2 threads vs 1, every product split): n = 128
// (4.2 MFLOP) 0.92×, 160 (8.2 MFLOP) 1.24×, 192 1.44×, 256 1.72×, 384 1.89×; below 128 a split
// loses (n = 64: 0.20×). Whole 128-row blocks (the kernel's MC) before: 160 1.14×, 192 1.40×,
// 384 1.48× (two blocks against one), and the threshold was 2^25, so n = 192 did not split.
import { ThreadWorker } from "./worker";

/** Layout of a worker's control block (Int32 slots). */
export const CONTROL = { seq: 0, done: 1, status: 2, args: 4, length: 16 } as const;

export interface KernelWorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
}

/** Below this many floating-point operations (2·m·n·k) a product is not split: ~0.25 ms of work. */
export const SPLIT_MIN_FLOPS = 2 ** 23;
/** Rows per block handed out: a multiple of the kernel's 4-row tile, small enough to balance. */
const ROW_BLOCK = 16;
/** A worker that has not answered in this long is taken for dead. */
const TIMEOUT_MS = 60_000;

export interface MatmulCall {
  transB: boolean;
  m: number;
  n: number;
  k: number;
  a: number;
  b: number;
  c: number;
  accumulate: boolean;
  bias: number;
  /** 0 for a bias row shared by every row of C; n·4 for an m×n bias. */
  biasRowBytes: number;
}

/** The workers of one kernel instance, for row-split matmuls. */
export class MatmulThreads {
  private readonly controls: Int32Array[] = [];
  private readonly ready: boolean[] = [];
  private readonly workers: ThreadWorker[] = [];

  /** Starts `threads − 1` workers on `memory`; they join as they become ready. */
  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, threads: number) {
    for (let i = 0; i < threads - 1; i++) {
      const control = new Int32Array(new SharedArrayBuffer(CONTROL.length * 4));
      const worker = new ThreadWorker(new URL(import.meta.url.endsWith(".ts") ? "./kernel-worker.ts" : "./kernel-worker.js", import.meta.url), `kernel thread ${i + 1}`);
      this.controls.push(control);
      this.ready.push(false);
      this.workers.push(worker);
      const init: KernelWorkerInit = { module, memory, control: control.buffer as SharedArrayBuffer };
      worker.request(init).then(() => { this.ready[i] = true; }, () => {});
    }
  }

  /** Resolves once every worker can take work (tests and benchmarks wait for it; kernels never do). */
  async whenReady(): Promise<void> {
    const deadline = Date.now() + TIMEOUT_MS;
    while (this.ready.some((r, i) => !r && this.workers[i].alive)) {
      if (Date.now() > deadline) throw new Error("kernels: the kernel threads did not start within 60 s");
      await new Promise((r) => setTimeout(r, 5));
    }
    const dead = this.workers.find((w) => !w.alive);
    if (dead) await dead.request(null);
  }

  /** Workers ready now. */
  available(): number {
    let n = 0;
    for (let i = 0; i < this.ready.length; i++) if (this.ready[i] && this.workers[i].alive) n++;
    return n;
  }

  /**
   * Runs C = op(A)·op(B) split by rows when it is worth it; returns false (nothing done) when the
   * caller should run it whole. `scratchFor(worker)` gives each worker's scratch pointer; `runOwn`
   * runs a row range on this thread.
   */
  run(call: MatmulCall, scratchFor: (worker: number) => number, runOwn: (part: MatmulCall) => void): boolean {
    const blocks = Math.ceil(call.m / ROW_BLOCK);
    if (2 * call.m * call.n * call.k < SPLIT_MIN_FLOPS || blocks < 2) return false;
    const idle: number[] = [];
    for (let i = 0; i < this.ready.length; i++) if (this.ready[i] && this.workers[i].alive) idle.push(i);
    const parts = Math.min(idle.length + 1, blocks);
    if (parts < 2) return false;
    const rowsOf = (p: number) => Math.min(call.m, Math.round((p * blocks) / parts) * ROW_BLOCK);
    const part = (p: number): MatmulCall => {
      const r0 = rowsOf(p), r1 = rowsOf(p + 1);
      const bias = call.bias === 0 ? 0 : call.bias + r0 * call.biasRowBytes;
      return { ...call, m: r1 - r0, a: call.a + r0 * call.k * 4, c: call.c + r0 * call.n * 4, bias };
    };
    const posted: { control: Int32Array; seq: number; worker: number }[] = [];
    for (let p = 1; p < parts; p++) {
      const w = idle[p - 1];
      const job = part(p), control = this.controls[w];
      const args = [0, +job.transB, job.m, job.n, job.k, job.a, job.b, job.c, +job.accumulate, scratchFor(w), job.bias, job.biasRowBytes];
      for (let i = 0; i < args.length; i++) Atomics.store(control, CONTROL.args + i, args[i] | 0);
      const seq = (Atomics.load(control, CONTROL.seq) + 1) & 0x3fffffff;
      Atomics.store(control, CONTROL.seq, seq);
      Atomics.notify(control, CONTROL.seq);
      posted.push({ control, seq, worker: w });
    }
    runOwn(part(0));
    for (const { control, seq, worker } of posted) this.wait(control, seq, worker);
    return true;
  }

  /** Stops the workers. */
  dispose(): void {
    for (let i = 0; i < this.workers.length; i++) {
      Atomics.store(this.controls[i], CONTROL.seq, -1);
      Atomics.notify(this.controls[i], CONTROL.seq);
      this.workers[i].terminate();
    }
  }

  private wait(control: Int32Array, seq: number, worker: number): void {
    const deadline = performance.now() + TIMEOUT_MS;
    for (;;) {
      const done = Atomics.load(control, CONTROL.done);
      if (done === seq) break;
      if (!this.workers[worker].alive || performance.now() > deadline) {
        this.ready[worker] = false;
        throw new Error(`matmul: kernel thread ${worker + 1} ${this.workers[worker].alive ? "did not answer within 60 s" : "died"}; its rows of C are not computed`);
      }
      try {
        Atomics.wait(control, CONTROL.done, done, 50);
      } catch {
        // A browser's main thread may not block: spin instead.
      }
    }
    if (Atomics.load(control, CONTROL.status) !== 0) {
      throw new Error(`matmul: kernel thread ${worker + 1} failed running its rows (a WebAssembly trap)`);
    }
  }
}
