/** What a worker job is: parameters in, progress out while it runs, one result at the end. */
import type { JobControlState } from "./job-control.ts";

export interface JobContext {
  control: JobControlState;
  progress(data: unknown): void;
}

export type Job = (params: any, ctx: JobContext) => Promise<unknown>;
