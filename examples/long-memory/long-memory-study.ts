/**
 * The whole study behind `pnpm example:long-memory` and the playground's panel 3: for each cell,
 * ‖∂L/∂h_t‖ over t at initialisation (how far back a gradient reaches before training can use it),
 * then accuracy after training at each sequence length. Browser-safe; `between` lets a worker
 * report progress, pause and cancel.
 */
import { SeededRng } from "../shared/rng.ts";
import { firstStepBatch } from "./first-step-task.ts";
import { hiddenGradientNorms } from "./hidden-gradients.ts";
import { CELL_KINDS, type CellKind, memoryModel } from "./memory-model.ts";
import { type MemorySettings, trainMemory } from "./train-memory.ts";

export interface StudyOptions extends MemorySettings {
  lengths: number[];
  /** Sequence length of the gradient-norm measurement. */
  gradientLength: number;
}

export const DEFAULT_STUDY: Readonly<StudyOptions> = { hidden: 16, steps: 1500, batch: 32, lr: 0.02, seed: 1, lengths: [5, 10, 20, 40], gradientLength: 50 };

export interface StudyResult {
  /** norms[cell][t] = mean ‖∂L/∂h_t‖ at initialisation, t = 0 … gradientLength−1. */
  gradientNorms: Record<CellKind, number[]>;
  /** accuracy[cell][i] on fresh sequences of lengths[i], after `steps` steps. */
  accuracy: Record<CellKind, number[]>;
  lengths: number[];
  seconds: number;
}

export type StudyEvent = { kind: "gradients"; cell: CellKind; norms: number[] } | { kind: "trained"; cell: CellKind; length: number; accuracy: number } | { kind: "step"; cell: CellKind; length: number; step: number; loss: number };

/** Runs the study; `on` hears every result as it comes (and may await, to pause). */
export async function longMemoryStudy(o: StudyOptions, on: (e: StudyEvent) => Promise<void> | void = () => {}): Promise<StudyResult> {
  const started = performance.now();
  const gradientNorms = {} as Record<CellKind, number[]>;
  const accuracy = {} as Record<CellKind, number[]>;
  for (const cell of CELL_KINDS) {
    const batch = firstStepBatch(o.gradientLength, 64, new SeededRng(o.seed + 3));
    gradientNorms[cell] = hiddenGradientNorms(memoryModel(cell, o.hidden, o.seed), cell, o.hidden, batch);
    await on({ kind: "gradients", cell, norms: gradientNorms[cell] });
  }
  for (const length of o.lengths) {
    for (const cell of CELL_KINDS) {
      const run = await trainMemory(cell, length, o, (step, loss) => on({ kind: "step", cell, length, step, loss }));
      (accuracy[cell] ??= []).push(run.accuracy);
      await on({ kind: "trained", cell, length, accuracy: run.accuracy });
    }
  }
  return { gradientNorms, accuracy, lengths: [...o.lengths], seconds: (performance.now() - started) / 1000 };
}
