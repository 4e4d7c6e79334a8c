/**
 * What a training loop reports to: TrainingProgress on a terminal, a Web Worker posting messages
 * in the playground. The loop awaits endEpoch, so a host can pause there, or cancel by throwing.
 */
import type { EpochSummary } from "./training-progress.ts";

export interface FitProgress {
  startEpoch(epoch: number): void;
  step(loss: number): void;
  endEpoch(summary: EpochSummary): void | Promise<void>;
  stop(): void;
}

/** Reports nothing (tests, library use). */
export const silentProgress = (): FitProgress => ({ startEpoch() {}, step() {}, endEpoch() {}, stop() {} });
