/**
 * The seam between the weather data side (this folder) and a model from @tapegrad/nn.
 * A model implements Forecaster; main.ts trains it, scores it beside the baselines with the
 * same metrics, and draws it into the same charts.
 */
import type { FitProgress } from "../shared/fit-progress.ts";
import type { ForecastTask } from "./forecast-task.ts";
import type { WindowSet } from "./windows.ts";

export interface FitHistory {
  /** Mean training loss per epoch (normalised units). */
  trainLoss: number[];
  /** Validation loss per epoch, same units. */
  validationLoss: number[];
}

export interface Forecaster {
  /** Row name in the results table and legend entry in the chart. */
  readonly name: string;
  /** Trains on task.train (task.validation for early stopping), reporting each step and epoch. */
  fit(task: ForecastTask, progress: (steps: number, epochs: number) => FitProgress): Promise<FitHistory>;
  /** Normalised temp_max for each window of the set; main.ts converts with task.toCelsius. */
  predict(set: WindowSet): Promise<ArrayLike<number>>;
  /** Settings and training facts for results.json (config, best epoch, seconds, …); optional. */
  details?(): Record<string, unknown>;
}
