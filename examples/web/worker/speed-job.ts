/** Panel 5 in the worker: the kernel and layer benchmarks' figures in this browser (speed/speed-suite.ts). */
import { DEFAULT_SPEED, type SpeedOptions, kernelBuild, kernelFigures, layerFigures, threadedMatmulFigure } from "../speed/speed-suite.ts";
import type { Job } from "./job.ts";
import { threadCount, threadedKernels } from "./threads.ts";

export const speedJobs: Record<string, Job> = {
  "speed/run": async (p: Partial<SpeedOptions>, ctx) => {
    const o = { ...DEFAULT_SPEED, ...p };
    const report = async (kind: string, figure: unknown) => {
      ctx.progress({ kind, figure });
      await ctx.control.checkpoint();
    };
    const kernels = await kernelFigures(o, (f) => report("kernel", f));
    const k = threadedKernels();
    const threadedMatmul = k ? await threadedMatmulFigure(k, 512, o) : null;
    const layers = await layerFigures(o, (f) => report("layer", f));
    return { build: kernelBuild(), threads: threadCount(), kernels, layers, threadedMatmul };
  },
};
