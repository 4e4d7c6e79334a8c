/**
 * The training worker's entry: runs one job at a time from the page's requests, forwards pause /
 * resume / cancel to the running job, and answers each request with progress, then a result, an
 * error (the library's own message) or a cancellation. The page's main thread never trains.
 */
import type { FromWorker, JobRequest, ToWorker } from "../protocol.ts";
import { JobCancelled, JobControlState } from "./job-control.ts";
import { JOBS } from "./jobs.ts";
import "./threads.ts"; // settles the thread count before any job runs

interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}
const worker = self as unknown as WorkerScope;

let running: { id: number; control: JobControlState } | null = null;
let queue: Promise<void> = Promise.resolve();

async function run(request: JobRequest): Promise<void> {
  const job = JOBS[request.job];
  const control = new JobControlState();
  running = { id: request.id, control };
  try {
    if (!job) throw new Error(`worker: unknown job "${request.job}"; known: ${Object.keys(JOBS).join(", ")}`);
    const data = await job(request.params, { control, progress: (d) => worker.postMessage({ kind: "progress", id: request.id, data: d }) });
    worker.postMessage({ kind: "result", id: request.id, data });
  } catch (err) {
    if (err instanceof JobCancelled) worker.postMessage({ kind: "cancelled", id: request.id });
    else worker.postMessage({ kind: "error", id: request.id, message: err instanceof Error ? err.message : String(err) });
  } finally {
    running = null;
  }
}

worker.onmessage = (event) => {
  const message = event.data;
  if (message.kind === "request") {
    queue = queue.then(() => run(message));
    return;
  }
  if (!running) return;
  const { id, control } = running;
  if (message.kind === "pause") control.pause();
  else if (message.kind === "resume") control.resume();
  else control.cancel();
  if (message.kind !== "cancel") worker.postMessage({ kind: message.kind === "pause" ? "paused" : "resumed", id });
};
