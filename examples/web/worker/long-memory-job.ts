/** Panel 3 in the worker: the long-memory study of `pnpm example:long-memory`, streamed to the page. */
import { DEFAULT_STUDY, type StudyOptions, longMemoryStudy } from "../../long-memory/long-memory-study.ts";
import type { Job } from "./job.ts";

export const longMemoryJobs: Record<string, Job> = {
  "long-memory/run": async (p: Partial<StudyOptions>, ctx) => {
    let lastStep = 0;
    return longMemoryStudy({ ...DEFAULT_STUDY, ...p }, async (e) => {
      // Steps come every 10 optimiser steps; forward at most ~10 a second of them.
      if (e.kind === "step" && performance.now() - lastStep < 100) return ctx.control.checkpoint();
      if (e.kind === "step") lastStep = performance.now();
      ctx.progress(e);
      await ctx.control.checkpoint();
    });
  },
};
