/**
 * The messages between the page and a training worker. The page sends requests (each with an id)
 * and control messages for the request running now; the worker answers every request with
 * progress messages and then exactly one result, error or cancellation.
 */

/** Page → worker: run a named job (see worker/jobs.ts) with its parameters. */
export interface JobRequest {
  kind: "request";
  id: number;
  job: string;
  params: unknown;
}

/** Page → worker: act on the job that is running (ignored when none is). */
export interface JobControl {
  kind: "pause" | "resume" | "cancel";
}

export type ToWorker = JobRequest | JobControl;

/** Worker → page, for request `id`. */
export type FromWorker =
  | { kind: "progress"; id: number; data: unknown }
  | { kind: "result"; id: number; data: unknown }
  | { kind: "error"; id: number; message: string }
  | { kind: "cancelled"; id: number }
  | { kind: "paused" | "resumed"; id: number };
