/**
 * Failing workers in this browser, for the browser tests (page hook
 * window.playground.job("threads/worker-failure")): the library's ThreadWorker on a script that is
 * missing, one that throws while loading, one that throws from a timer while a job is out, and one
 * whose job throws. Each request must reject with an Error naming the worker — never hang.
 */
import { ThreadWorker } from "@tapegrad/autograd";
import type { Job } from "./job.ts";

export interface WorkerFailure {
  case: string;
  isError: boolean;
  message: string;
  /** Whether the worker still takes jobs afterwards (a job's throw leaves it usable; a crash does not). */
  aliveAfter: boolean;
}

/** A module worker from source text (blob: URLs are same-origin, so they load under COEP too). */
function scriptUrl(source: string): URL {
  return new URL(URL.createObjectURL(new Blob([source], { type: "text/javascript" })));
}

const CASES: Record<string, () => URL> = {
  "missing script": () => new URL("./no-such-worker.js", import.meta.url),
  "throws while loading": () => scriptUrl(`throw new Error("broken at load");`),
  "crashes during a job": () => scriptUrl(`onmessage = () => setTimeout(() => { throw new Error("crashed mid-job"); });`),
  "job throws": () => scriptUrl(`onmessage = (e) => postMessage({ id: e.data.id, error: { message: "the job refused" } });`),
};

export const workerFailureJobs: Record<string, Job> = {
  "threads/worker-failure": async (): Promise<WorkerFailure[]> => {
    const out: WorkerFailure[] = [];
    for (const [name, url] of Object.entries(CASES)) {
      const worker = new ThreadWorker(url(), `probe (${name})`);
      try {
        await worker.request({ hello: 1 });
        out.push({ case: name, isError: false, message: "answered", aliveAfter: worker.alive });
      } catch (e) {
        out.push({ case: name, isError: e instanceof Error, message: e instanceof Error ? e.message : String(e), aliveAfter: worker.alive });
      } finally {
        worker.terminate();
      }
    }
    return out;
  },
};
