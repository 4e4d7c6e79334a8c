/**
 * Sliding windows for one-step-ahead forecasting: the previous T days of features → the next
 * day's temp_max. Flat row-major arrays so a model can wrap them as tensors without copying
 * element by element.
 */
import { isoFromDay } from "./calendar.ts";

export interface WindowSet {
  /** Inputs, row-major [count, steps, features], normalised. */
  x: Float32Array | Float64Array;
  /** Targets, normalised with the temp_max statistics: [count]. */
  y: Float32Array | Float64Array;
  /** Targets in °C: [count]. */
  targetC: Float64Array;
  /** temp_max of the last input day in °C (the persistence forecast): [count]. */
  lastTempMaxC: Float64Array;
  /** Target dates "YYYY-MM-DD", for plots and tables. */
  dates: string[];
  /** Target day numbers (see calendar.ts). */
  days: Int32Array;
  count: number;
  steps: number;
  features: number;
}

export interface WindowSource {
  /** Day number of each row, strictly increasing. */
  days: ArrayLike<number>;
  /** Normalised features, [rows, features]. */
  features: Float64Array;
  featureCount: number;
  /** Raw temp_max in °C for each row. */
  tempMaxC: ArrayLike<number>;
  /** Normalised temp_max for each row (the target column). */
  tempMaxNorm: ArrayLike<number>;
}

/**
 * Builds every window whose target row passes `keepTarget` and whose T input days are the T
 * calendar days just before the target: windows spanning a gap in the file are skipped rather
 * than silently stitching non-adjacent days together.
 */
export function makeWindows(
  src: WindowSource,
  steps: number,
  keepTarget: (row: number) => boolean,
  dtype: "float32" | "float64" = "float32",
): WindowSet {
  if (!(Number.isInteger(steps) && steps >= 1)) throw new Error(`makeWindows: expected steps to be a positive integer, got ${steps}`);
  const F = src.featureCount;
  const targets: number[] = [];
  for (let i = steps; i < src.days.length; i++) {
    if (src.days[i] - src.days[i - steps] === steps && keepTarget(i)) targets.push(i);
  }
  const Arr = dtype === "float32" ? Float32Array : Float64Array;
  const x = new Arr(targets.length * steps * F);
  const y = new Arr(targets.length);
  const targetC = new Float64Array(targets.length);
  const lastTempMaxC = new Float64Array(targets.length);
  const days = new Int32Array(targets.length);
  targets.forEach((row, n) => {
    x.set(src.features.subarray((row - steps) * F, row * F), n * steps * F);
    y[n] = src.tempMaxNorm[row];
    targetC[n] = src.tempMaxC[row];
    lastTempMaxC[n] = src.tempMaxC[row - 1];
    days[n] = src.days[row];
  });
  return { x, y, targetC, lastTempMaxC, dates: Array.from(days, isoFromDay), days, count: targets.length, steps, features: F };
}
