/**
 * The whole data side of the weather example in one call: days → features → train-only
 * normalisation → chronological windows. A model receives a ForecastTask and needs nothing else.
 */
import { FEATURE_COUNT, FEATURE_NAMES, TEMP_MAX_FEATURE, UNSCALED_FEATURES, dayFeatures } from "./features.ts";
import { type ChronoSplit, chronoSplit, splitOf } from "./split.ts";
import { type Standardizer, fitStandardizer, standardize, unstandardizeColumn } from "./standardizer.ts";
import type { WeatherDay } from "./weather-csv.ts";
import { type WindowSet, makeWindows } from "./windows.ts";

export interface ForecastTaskOptions {
  /** Days of history per window (default 14). */
  windowLength?: number;
  /** Year whose targets form the test set (default 2015). */
  testYear?: number;
  /** Months before the test year used for validation (default 3: Oct–Dec). */
  validationMonths?: number;
  /** Element type of x and y (default float32, the wasm backend's). */
  dtype?: "float32" | "float64";
}

export interface ForecastTask {
  featureNames: readonly string[];
  split: ChronoSplit;
  /** Fitted on days up to split.trainEnd only. */
  standardizer: Standardizer;
  train: WindowSet;
  validation: WindowSet;
  test: WindowSet;
  /** Model outputs (normalised temp_max) → °C. */
  toCelsius(normalised: ArrayLike<number>): Float64Array;
}

/** Builds train/validation/test windows from daily weather; throws if a split would be empty. */
export function buildForecastTask(days: readonly WeatherDay[], opts: ForecastTaskOptions = {}): ForecastTask {
  const windowLength = opts.windowLength ?? 14;
  const split = chronoSplit(opts.testYear ?? 2015, opts.validationMonths ?? 3);
  const raw = dayFeatures(days);
  // Rows (days) in the training period, inputs or targets: the model may look at them while
  // fitting, so their statistics are fair to use; nothing from validation or test is.
  const standardizer = fitStandardizer(raw, FEATURE_COUNT, (r) => days[r].day <= split.trainEnd, UNSCALED_FEATURES);
  const features = standardize(raw, standardizer);
  const src = {
    days: days.map((d) => d.day),
    features,
    featureCount: FEATURE_COUNT,
    tempMaxC: days.map((d) => d.tempMax),
    tempMaxNorm: Array.from({ length: days.length }, (_, r) => features[r * FEATURE_COUNT + TEMP_MAX_FEATURE]),
  };
  const make = (name: "train" | "validation" | "test"): WindowSet => {
    const set = makeWindows(src, windowLength, (r) => splitOf(days[r].day, split) === name, opts.dtype ?? "float32");
    if (set.count === 0) {
      const span = days.length > 0 ? `${days[0].date} to ${days[days.length - 1].date}` : "no days";
      throw new Error(`buildForecastTask: the ${name} split has no ${windowLength}-day windows; the data covers ${span}, test year is ${split.testYear}`);
    }
    return set;
  };
  return {
    featureNames: FEATURE_NAMES,
    split,
    standardizer,
    train: make("train"),
    validation: make("validation"),
    test: make("test"),
    toCelsius: (normalised) => unstandardizeColumn(normalised, standardizer, TEMP_MAX_FEATURE),
  };
}
