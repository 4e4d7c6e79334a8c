/** Every job the worker runs, by name ("panel/action"). */
import type { Job } from "./job.ts";
import { runtimeJobs } from "./runtime-job.ts";
import { weatherJobs } from "./weather-job.ts";

export const JOBS: Record<string, Job> = { ...runtimeJobs, ...weatherJobs };
