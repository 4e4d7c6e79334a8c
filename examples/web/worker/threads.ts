/**
 * Threads in the worker. Where the page is cross-origin isolated (SharedArrayBuffer exists), a
 * kernel instance with getNumThreads() threads (navigator.hardwareConcurrency by default) runs
 * large matmuls row-split over kernel workers on a shared memory (dist/kernel-worker.js, built by
 * build.ts). Elsewhere there is one thread, and the count shown says so.
 */
import { type Kernels, createKernels, getNumThreads } from "@tapegrad/kernels";

// Without cross-origin isolation the library itself keeps DataParallel's replicas on this one
// thread and says so once (usableThreads); threadedKernels() below makes no kernel threads.

let threaded: Kernels | null | undefined;

/** The multi-threaded kernel instance, or null where only one thread can run. */
export function threadedKernels(): Kernels | null {
  if (threaded === undefined) {
    const wanted = getNumThreads();
    threaded = wanted > 1 && typeof SharedArrayBuffer === "function" ? createKernels({ threads: wanted }) : null;
  }
  return threaded;
}

/** The threads this worker's kernels use: the threaded instance's count, else 1. */
export function threadCount(): number {
  return threadedKernels()?.threads ?? 1;
}

/** The count threadCount() will report, without starting any kernel thread (for the page header). */
export function plannedThreads(): number {
  return typeof SharedArrayBuffer === "function" ? getNumThreads() : 1;
}
