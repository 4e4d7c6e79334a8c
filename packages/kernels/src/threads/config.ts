// How many threads tapegrad uses: setNumThreads / getNumThreads (PyTorch's torch.set_num_threads),
// the TAPEGRAD_NUM_THREADS environment variable in Node, and by default every core available.
import { availableCores, threadsVariable, workersUnavailable } from "./platform";

/** More than this is a mistake, not a machine (the pool starts one worker per thread but one). */
export const MAX_THREADS = 256;

let current: number | null = null;
let warned = false;

function check(where: string, n: unknown, written?: string): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
    const got = written !== undefined ? JSON.stringify(written) : typeof n === "number" ? String(n) : typeof n === "string" ? JSON.stringify(n) : typeof n;
    throw new Error(`${where}: expected a whole number of threads from 1 to ${MAX_THREADS} (this machine has ${availableCores()} cores), got ${got}`);
  }
  return n;
}

/** The number of threads tapegrad's parallel work uses (this thread included). */
export function getNumThreads(): number {
  if (current === null) {
    const text = threadsVariable();
    current = text === undefined || text.trim() === "" ? availableCores() : check("TAPEGRAD_NUM_THREADS", Number(text), text);
  }
  return current;
}

/** Sets the number of threads for parallel work from now on (1: everything on the calling thread). */
export function setNumThreads(n: number): void {
  current = check("setNumThreads", n);
}

/**
 * The threads parallel work may use now: `wanted` (default getNumThreads()), or 1 where workers
 * cannot run — no Worker constructor, or a browser page that is not cross-origin isolated — and
 * then a warning says why, once.
 */
export function usableThreads(wanted: number = getNumThreads()): number {
  if (wanted === 1) return 1;
  const why = workersUnavailable();
  if (why === null) return wanted;
  if (!warned) {
    warned = true;
    console.warn(`tapegrad: running on one thread: ${why}`);
  }
  return 1;
}

let warnedShared = false;

/**
 * Whether kernel threads can share a memory here (SharedArrayBuffer: Node, or a cross-origin-
 * isolated page). When not, says so once; the caller then runs on one thread.
 */
export function sharedMemoryAvailable(): boolean {
  if (typeof SharedArrayBuffer !== "undefined") return true;
  if (!warnedShared) {
    warnedShared = true;
    console.warn("tapegrad: kernels run on one thread: SharedArrayBuffer is unavailable (a browser page must be cross-origin isolated: COOP/COEP headers)");
  }
  return false;
}
