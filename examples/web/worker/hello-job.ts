/**
 * Panel 2 in the worker: the "hello" char-RNN of `pnpm example:hello` (HelloTrainer), one step
 * at a time with the per-step probabilities sent to the page, then sampling from it.
 */
import { HelloTrainer } from "../../char-lm/hello-trainer.ts";
import { SeededRng } from "../../shared/rng.ts";
import type { Job } from "./job.ts";

let trainer: HelloTrainer | null = null;

export const helloJobs: Record<string, Job> = {
  /** Trains until learned or maxSteps; `paceMs` spaces the steps so people can watch (tests pass 0). */
  "hello/train": async (p: { seed?: number; maxSteps?: number; paceMs?: number }, ctx) => {
    trainer = new HelloTrainer({ seed: p.seed ?? 0 });
    const maxSteps = p.maxSteps ?? 500;
    for (let step = 1; step <= maxSteps; step++) {
      const r = trainer.step();
      const learned = trainer.learned(r);
      ctx.progress({ ...r, learned });
      if (learned) return { ...r, learned };
      if (p.paceMs) await new Promise((resolve) => setTimeout(resolve, p.paceMs));
      await ctx.control.checkpoint();
      if (step === maxSteps) return { ...r, learned };
    }
    throw new Error(`hello/train: expected maxSteps >= 1, got ${maxSteps}`);
  },
  "hello/sample": async (p: { prompt: string; length: number; temperature: number; seed: number }) => {
    if (!trainer) throw new Error("hello/sample: train the model first");
    return trainer.sample(p.prompt, p.length, p.temperature, new SeededRng(p.seed));
  },
};
