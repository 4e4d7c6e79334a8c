/**
 * The two forecasts any model is scored against, on the test windows: persistence and
 * climatology. Shared by `pnpm start` and the web playground so both report the same table.
 */
import { type Climatology, climatologyForecast, fitClimatology } from "./climatology.ts";
import type { ForecastTask } from "./forecast-task.ts";
import { persistenceForecast } from "./persistence.ts";
import type { WeatherDay } from "./weather-csv.ts";

/** Persistence and climatology forecasts (°C) for task.test; climatology is fitted on every day before the test year. */
export function baselineForecasts(days: readonly WeatherDay[], task: ForecastTask, climatologyHalfWidth = 7): { forecasts: Record<string, Float64Array>; climatology: Climatology } {
  // Climatology may use every year before the test year: it has no settings to select on
  // validation, and the model likewise sees those months (for early stopping).
  const climatology = fitClimatology(days, days[0].day, task.split.validationEnd, climatologyHalfWidth);
  return {
    forecasts: { persistence: persistenceForecast(task.test), climatology: climatologyForecast(climatology, task.test.days) },
    climatology,
  };
}
