// Node's side of threads: core count, the TAPEGRAD_NUM_THREADS variable, and worker_threads.
// Browsers get platform.browser.ts instead (package.json "browser" field).
import { availableParallelism } from "node:os";
import { parentPort, Worker } from "node:worker_threads";

/** How the pool talks to one worker, whatever the platform. */
export interface PlatformWorker {
  post(message: unknown, transfer: Transferable[]): void;
  /** Keeps the process alive while a job is out (Node); no-op in browsers. */
  hold(busy: boolean): void;
  terminate(): void;
}

export interface WorkerEvents {
  message(data: unknown): void;
  /** The worker failed: an uncaught error, a failed start, or an exit that was not asked for. */
  failure(error: Error): void;
}

/** The cores this process may use (os.availableParallelism respects CPU affinity). */
export function availableCores(): number {
  return availableParallelism();
}

/** TAPEGRAD_NUM_THREADS as written, or undefined. */
export function threadsVariable(): string | undefined {
  return process.env.TAPEGRAD_NUM_THREADS;
}

/** Why workers cannot run here, or null when they can. */
export function workersUnavailable(): string | null {
  return null;
}

/**
 * Starts a worker on a module. Inside this workspace the module is TypeScript, started through
 * ts-worker.mjs, which gives the worker the tsx loader. Workers are unreferenced while idle, so
 * they never keep the process alive.
 */
export function startWorker(url: URL, name: string, events: WorkerEvents): PlatformWorker {
  const ts = url.pathname.endsWith(".ts");
  const worker = ts
    ? new Worker(new URL("./ts-worker.mjs", import.meta.url), { name, workerData: { tapegradWorkerModule: url.href } })
    : new Worker(url, { name });
  let ended = false;
  worker.on("message", (data) => events.message(data));
  worker.on("error", (e) => {
    ended = true;
    events.failure(e instanceof Error ? e : new Error(String(e)));
  });
  worker.on("exit", (code) => {
    if (!ended) events.failure(new Error(`the worker thread exited with code ${code}`));
    ended = true;
  });
  worker.unref();
  return {
    post: (message, transfer) => worker.postMessage(message, transfer as never),
    hold: (busy) => (busy ? worker.ref() : worker.unref()),
    terminate: () => {
      ended = true;
      void worker.terminate();
    },
  };
}

/** Inside a worker: receive the parent's messages and answer them. */
export function serveParent(onMessage: (data: unknown) => void): (message: unknown, transfer: Transferable[]) => void {
  if (parentPort === null) throw new Error("serveParent: not running in a worker thread");
  const port = parentPort;
  port.on("message", onMessage);
  return (message, transfer) => port.postMessage(message, transfer as never);
}
