/** Every job the worker runs, by name ("panel/action"). */
import type { Job } from "./job.ts";
import { dataParallelJobs } from "./data-parallel-job.ts";
import { helloJobs } from "./hello-job.ts";
import { longMemoryJobs } from "./long-memory-job.ts";
import { runtimeJobs } from "./runtime-job.ts";
import { seq2seqJobs } from "./seq2seq-job.ts";
import { speedJobs } from "./speed-job.ts";
import { weatherJobs } from "./weather-job.ts";
import { workerFailureJobs } from "./worker-failure-job.ts";

export const JOBS: Record<string, Job> = { ...runtimeJobs, ...weatherJobs, ...helloJobs, ...longMemoryJobs, ...seq2seqJobs, ...speedJobs, ...dataParallelJobs, ...workerFailureJobs };
