// Browsers' side of threads: navigator.hardwareConcurrency and Web Workers (module workers).
import type { PlatformWorker, WorkerEvents } from "./platform";

export type { PlatformWorker, WorkerEvents } from "./platform";

export function availableCores(): number {
  return Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1);
}

/** Browsers have no environment variables: setNumThreads is the only setting. */
export function threadsVariable(): string | undefined {
  return undefined;
}

/**
 * Why the pool stays on one thread here, or null. Without cross-origin isolation (no
 * SharedArrayBuffer) workers could still run, but the kernels' threads cannot share a memory;
 * one rule for all parallel work — as onnxruntime-web and tfjs-backend-wasm do — keeps a page's
 * results and thread count from depending on which API it called.
 */
export function workersUnavailable(): string | null {
  if (typeof Worker === "undefined") return "this page or worker has no Worker constructor";
  if (typeof SharedArrayBuffer === "undefined") {
    return "this page is not cross-origin isolated (no SharedArrayBuffer); serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp to use every core";
  }
  return null;
}

export function startWorker(url: URL, name: string, events: WorkerEvents): PlatformWorker {
  const worker = new Worker(url, { type: "module", name });
  worker.onmessage = (e) => events.message(e.data);
  worker.onerror = (e) => {
    e.preventDefault();
    // A script that throws has a message; one that never loaded (404, not JavaScript, blocked by
    // the page's COEP) fires a bare Event, so name the URL.
    events.failure(new Error(e.message || `could not load the worker script ${url.href} (missing, not a module script, or blocked by the page's headers)`));
  };
  worker.onmessageerror = () => events.failure(new Error("a message from the worker could not be read"));
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    hold: () => {},
    terminate: () => worker.terminate(),
  };
}

export function serveParent(onMessage: (data: unknown) => void): (message: unknown, transfer: Transferable[]) => void {
  const scope = globalThis as unknown as { onmessage: ((e: MessageEvent) => void) | null; postMessage(m: unknown, t: Transferable[]): void };
  scope.onmessage = (e) => onMessage(e.data);
  return (message, transfer) => scope.postMessage(message, transfer);
}
