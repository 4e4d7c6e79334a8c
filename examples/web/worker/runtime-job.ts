/** What this browser gives the library: the kernel build it chose, threads, cross-origin isolation. */
import { defaultKernels } from "@tapegrad/kernels";
import type { Job } from "./job.ts";
import { plannedThreads } from "./threads.ts";

export interface RuntimeInfo {
  build: string;
  threads: number;
  crossOriginIsolated: boolean;
  sharedArrayBuffer: boolean;
  userAgent: string;
}

export const runtimeJobs: Record<string, Job> = {
  "runtime/info": async (): Promise<RuntimeInfo> => ({
    build: defaultKernels().build,
    threads: plannedThreads(),
    crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
    sharedArrayBuffer: typeof SharedArrayBuffer === "function",
    userAgent: navigator.userAgent,
  }),
};
