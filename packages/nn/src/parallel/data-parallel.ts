// Data parallel training on the threads of one process: each training step splits the batch into
// one shard per thread; the calling thread runs the first shard while each worker runs one of the
// others on a replica of the model in its own WebAssembly memory, forward and backward with no
// synchronisation in between (a recurrent step's hand-offs would cost 10–50 µs each, as much as a
// small step's matmul); the gradients are then summed in shard order, so a run is bitwise
// repeatable at a fixed thread count. Workers get the parameters at every step (~0.3 MB for the
// large LSTM benchmark: copying is ~0.1 ms of a ~90 ms step) and need no SharedArrayBuffer.
import { describeValue, tensor, type Tensor, ThreadWorker, usableThreads } from "@tapegrad/autograd";
import { MAX_THREADS } from "@tapegrad/kernels";
import type { TensorModule } from "../layers/sequential";
import type { Batch, InitMessage, StepMessage, StepResult } from "./replica";
import { SHARD_LOSSES, shardStep, type ShardLoss } from "./shard-step";

export interface DataParallelOptions {
  /** The loss, averaged over the batch: "mse" (target like the output) or "cross-entropy" (class ids). */
  loss: ShardLoss;
  /**
   * Threads to use; default getNumThreads() at each step (setNumThreads / TAPEGRAD_NUM_THREADS).
   * Where workers cannot run (a browser page that is not cross-origin isolated) every count is 1,
   * and a warning says so once.
   */
  threads?: number;
  /** Fewest batch rows a shard gets (fewer threads are used on small batches). Default 4. */
  minShardRows?: number;
  /** Modules the workers import before building the model: where the model's own module types are registered. */
  imports?: (string | URL)[];
  /**
   * The workers' script (absolute URL); default: nn's replica-worker.js beside this module. A
   * script of your own registers your module types and then calls serveReplicas(): the way to use
   * your own modules where a bundler gives each worker script its own copy of nn (browsers, and
   * the published package), which `imports` cannot reach.
   */
  workerUrl?: string | URL;
}

/** What one step did besides its loss: for tests and benchmarks. */
export interface StepInfo {
  loss: number;
  /** Shards the batch was split into (1: all on the calling thread). */
  shards: number;
  /** Each worker's WebAssembly memory after the step, bytes. */
  workerMemoryBytes: number[];
}

/** The replica's module, beside this file (computed on first use: importing nn must need no URL global). */
function workerUrl(): URL {
  return new URL(import.meta.url.endsWith(".ts") ? "./replica-worker.ts" : "./replica-worker.js", import.meta.url);
}

/**
 * Runs a model's training steps data parallel over threads (like torch.nn.DataParallel, on CPU
 * threads). The model must be describable (nn's modules and Sequential; register your own with
 * registerModuleType and list the registering module in `imports`), take the batch on axis 0 of
 * its input (batchFirst for recurrent layers) and return the batch on axis 0 of its output.
 */
export class DataParallel {
  private readonly workers: (ThreadWorker | null)[] = [];
  private readonly ready: (Promise<void> | null)[] = [];
  private disposed = false;

  constructor(readonly model: TensorModule, readonly options: DataParallelOptions) {
    if (!SHARD_LOSSES.includes(options.loss)) {
      throw new Error(`DataParallel: loss must be one of ${SHARD_LOSSES.map((l) => `"${l}"`).join(", ")}, got ${JSON.stringify(options.loss)}`);
    }
    if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 1 && options.threads <= MAX_THREADS)) {
      throw new Error(`DataParallel: threads must be a whole number from 1 to ${MAX_THREADS}, got ${describeValue(options.threads)}`);
    }
    if (options.workerUrl !== undefined && !(options.workerUrl instanceof URL || (typeof options.workerUrl === "string" && URL.canParse(options.workerUrl)))) {
      throw new Error(`DataParallel: workerUrl must be a URL object or an absolute URL string (e.g. new URL("./my-replica-worker.js", import.meta.url)), got ${describeValue(options.workerUrl)}`);
    }
    if (options.minShardRows !== undefined && !(Number.isInteger(options.minShardRows) && options.minShardRows >= 1)) {
      throw new Error(`DataParallel: minShardRows must be a positive integer, got ${options.minShardRows}`);
    }
  }

  /**
   * Forward and backward of loss(model(x), y) over the whole batch, split across threads: adds the
   * gradient to each parameter's .grad (as backward() does) and returns the loss. Call the
   * optimizer's step() after it, as after backward().
   */
  async backward(x: Tensor, y: Tensor): Promise<number> {
    return (await this.step(x, y)).loss;
  }

  /** backward() with what the step did: the number of shards and the workers' memory. */
  async step(x: Tensor, y: Tensor): Promise<StepInfo> {
    if (this.disposed) throw new Error("DataParallel: used after dispose()");
    const rows = x.shape[0];
    if (x.ndim < 1 || y.ndim < 1 || y.shape[0] !== rows) {
      throw new Error(`DataParallel: x and y must share the batch on axis 0, got x [${x.shape.join(", ")}] and y [${y.shape.join(", ")}]`);
    }
    const threads = usableThreads(this.options.threads);
    const shards = Math.max(1, Math.min(threads, Math.floor(rows / (this.options.minShardRows ?? 4))));
    if (shards === 1) return { loss: shardStep(this.model, this.options.loss, x, y, 1), shards, workerMemoryBytes: [] };
    const bounds = Array.from({ length: shards + 1 }, (_, i) => Math.round((i * rows) / shards));
    const params = this.model.parameters();
    const flat = flatten(params.map((p) => p.data()));
    // The workers' shards go out first, so they run while this thread does shard 0.
    const answers: Promise<StepResult>[] = [];
    for (let s = 1; s < shards; s++) {
      const worker = await this.worker(s);
      const message: StepMessage = {
        kind: "step", params: flat, share: (bounds[s + 1] - bounds[s]) / rows,
        x: rowsOf(x, bounds[s], bounds[s + 1]), y: rowsOf(y, bounds[s], bounds[s + 1]),
      };
      answers.push(worker.request<StepResult>(message));
    }
    const own = bounds[1];
    const x0 = x.narrow(0, 0, own), y0 = y.narrow(0, 0, own);
    let loss = 0;
    let ownFailure: { error: unknown } | null = null;
    try {
      loss = shardStep(this.model, this.options.loss, x0, y0, own / rows);
    } catch (e) {
      // Not thrown yet: the workers' answers must be awaited first, or their rejections (the
      // same bad input fails there too) would go unhandled.
      ownFailure = { error: e };
    } finally {
      x0.dispose();
      y0.dispose();
    }
    // Waits for every worker even when one failed, so none is left running a stale job.
    const settled = await Promise.allSettled(answers);
    if (ownFailure !== null) throw ownFailure.error;
    const failure = settled.find((r) => r.status === "rejected");
    if (failure) throw (failure as PromiseRejectedResult).reason;
    const results = settled.map((r) => (r as PromiseFulfilledResult<StepResult>).value);
    for (const r of results) {
      // Fixed order: shard 1, 2, … onto shard 0's gradients.
      loss += r.loss;
      let at = 0;
      for (const p of params) {
        const g = tensor(r.grads.subarray(at, at + p.size), { shape: [...p.shape], backend: p.backendName });
        if (p.grad) p.grad.add_(g);
        else p.grad = g.detach();
        g.dispose();
        at += p.size;
      }
    }
    return { loss, shards, workerMemoryBytes: results.map((r) => r.memoryBytes) };
  }

  /** Worker threads started and running now (0 until a step is split; read-only, for tests and tools). */
  get workerCount(): number {
    return this.workers.filter((w) => w?.alive).length;
  }

  /** Stops the workers (they never keep a process alive, so this only frees them sooner). */
  dispose(): void {
    this.disposed = true;
    for (const w of this.workers) w?.terminate();
    this.workers.length = 0;
    this.ready.length = 0;
  }

  /** Worker s (1-based), started and given the model on first use, restarted after a failure. */
  private async worker(s: number): Promise<ThreadWorker> {
    let w = this.workers[s];
    if (!w || !w.alive) {
      const url = this.options.workerUrl === undefined ? workerUrl() : new URL(this.options.workerUrl);
      w = this.workers[s] = new ThreadWorker(url, `DataParallel worker ${s}`);
      const init: InitMessage = {
        kind: "init", spec: this.model.describe(), backend: this.model.parameters()[0]?.backendName ?? "wasm",
        loss: this.options.loss, imports: (this.options.imports ?? []).map(String),
      };
      this.ready[s] = w.request<void>(init);
    }
    await this.ready[s];
    return w;
  }
}

function flatten(parts: (Float32Array | Float64Array)[]): Float32Array | Float64Array {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = parts[0] instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Rows [start, end) of axis 0, as plain values for a worker. */
function rowsOf(t: Tensor, start: number, end: number): Batch {
  const part = t.narrow(0, start, end - start);
  try {
    return { data: part.data(), shape: [...part.shape] };
  } finally {
    part.dispose();
  }
}
