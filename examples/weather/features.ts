/**
 * Per-day input features for the forecaster. Seasonality enters as sin/cos of the year fraction,
 * so 31 December and 1 January are neighbours instead of 364 apart.
 */
import { yearFraction } from "./calendar.ts";
import type { WeatherDay } from "./weather-csv.ts";

export const FEATURE_NAMES = ["temp_max", "temp_min", "precipitation", "wind", "season_sin", "season_cos"] as const;
export const FEATURE_COUNT = FEATURE_NAMES.length;
/** Index of temp_max in a feature row: the target variable, and the persistence forecast. */
export const TEMP_MAX_FEATURE = 0;
/** Features that are already in [-1, 1] and must not be rescaled by the standardiser. */
export const UNSCALED_FEATURES: readonly number[] = [4, 5];

/** Row-major [days, FEATURE_COUNT] matrix of raw (unnormalised) features. */
export function dayFeatures(days: readonly WeatherDay[]): Float64Array {
  const out = new Float64Array(days.length * FEATURE_COUNT);
  days.forEach((d, i) => {
    const angle = 2 * Math.PI * yearFraction(d.day);
    out.set([d.tempMax, d.tempMin, d.precipitation, d.wind, Math.sin(angle), Math.cos(angle)], i * FEATURE_COUNT);
  });
  return out;
}
