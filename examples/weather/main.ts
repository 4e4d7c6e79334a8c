/**
 * Neural Weather Forecaster example: `tsx examples/weather/main.ts [--csv PATH] [--location NAME]
 * [--window 14] [--test-year 2015] [--out DIR]`. Until a model is plugged in (see forecaster.ts)
 * it reports the persistence and climatology baselines and draws the test-year chart.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { lossCurveSpec } from "../shared/loss-curve-chart.ts";
import { writeChart } from "../shared/render-chart.ts";
import { type ResultRow, formatResultsTable, writeResultsJson } from "../shared/results-table.ts";
import { TrainingProgress } from "../shared/training-progress.ts";
import { fitClimatology, climatologyForecast } from "./climatology.ts";
import { seattleWeatherCsv } from "./dataset-path.ts";
import { forecastChartSpec } from "./forecast-chart.ts";
import { buildForecastTask } from "./forecast-task.ts";
import type { Forecaster } from "./forecaster.ts";
import { forecastMetrics } from "./metrics.ts";
import { persistenceForecast } from "./persistence.ts";
import { describeSplit } from "./split.ts";
import { readWeatherCsv } from "./weather-csv.ts";

export interface WeatherRunOptions {
  csv?: string;
  location?: string;
  windowLength?: number;
  testYear?: number;
  outDir?: string;
  /** Half-width in days of the climatology smoothing window (default 7). */
  climatologyHalfWidth?: number;
  forecaster?: Forecaster;
  log?: (line: string) => void;
}

/** Loads data, scores the baselines (and a model, if given), writes charts and results.json. */
export async function runWeatherExample(opts: WeatherRunOptions = {}): Promise<ResultRow[]> {
  const log = opts.log ?? console.log;
  const csv = opts.csv ?? seattleWeatherCsv();
  const outDir = opts.outDir ?? join(fileURLToPath(new URL(".", import.meta.url)), "out");
  const days = readWeatherCsv(csv, { location: opts.location, minRows: (opts.windowLength ?? 14) + 2 });
  const task = buildForecastTask(days, { windowLength: opts.windowLength, testYear: opts.testYear });
  const { test, split } = task;
  log(`data: ${csv}${opts.location ? ` (${opts.location})` : ""}, ${days.length} days ${days[0].date} … ${days[days.length - 1].date}`);
  log(`windows of ${test.steps} days × ${test.features} features: train ${task.train.count}, validation ${task.validation.count}, test ${test.count}`);
  const ranges = describeSplit(split);
  log(`split: train ${ranges.train}; validation ${ranges.validation}; test ${ranges.test}`);

  // Climatology may use every year before the test year: it has no settings to select on
  // validation, and the model likewise sees those months (for early stopping).
  const climatology = fitClimatology(days, days[0].day, split.validationEnd, opts.climatologyHalfWidth ?? 7);
  const forecasts: Record<string, ArrayLike<number>> = {
    persistence: persistenceForecast(test),
    climatology: climatologyForecast(climatology, test.days),
  };
  const rows: ResultRow[] = Object.entries(forecasts).map(([name, pred]) => ({ name, metrics: forecastMetrics(pred, test.targetC) }));

  if (opts.forecaster) {
    const model = opts.forecaster;
    const history = await model.fit(task, (steps, epochs) => new TrainingProgress({ epochs, stepsPerEpoch: steps, validationName: "val loss" }));
    const predicted = task.toCelsius(await model.predict(test));
    forecasts[model.name] = predicted;
    rows.unshift({ name: model.name, metrics: forecastMetrics(predicted, test.targetC) });
    const curves = await writeChart(lossCurveSpec({ train: history.trainLoss, validation: history.validationLoss, metricName: "MSE (normalised)", title: `${model.name}: loss per epoch` }), join(outDir, "loss-curves"));
    log(`wrote ${curves.pngPath}`);
  }

  const place = opts.location ?? (opts.csv ? "" : "Seattle");
  const chart = await writeChart(
    forecastChartSpec({ dates: test.dates, actual: test.targetC, forecasts, title: `${place} daily max temperature ${split.testYear}: next-day forecasts`.trim() }),
    join(outDir, "forecast-test"),
  );
  log(`wrote ${chart.pngPath}`);
  log("");
  log(formatResultsTable(rows, 2));
  const jsonPath = join(outDir, "results.json");
  writeResultsJson(jsonPath, rows, { example: "weather", csv, location: opts.location ?? null, windowLength: test.steps, split: ranges, testTargets: test.count, climatologyHalfWidth: climatology.halfWidth });
  log(`wrote ${jsonPath}`);
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      csv: { type: "string" },
      location: { type: "string" },
      window: { type: "string", default: "14" },
      "test-year": { type: "string", default: "2015" },
      out: { type: "string" },
    },
  });
  const int = (name: string, text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n)) throw new Error(`--${name}: expected an integer, got "${text}"`);
    return n;
  };
  runWeatherExample({
    csv: values.csv,
    location: values.location,
    windowLength: int("window", values.window!),
    testYear: int("test-year", values["test-year"]!),
    outDir: values.out,
  }).catch((err: Error) => {
    console.error(`weather: ${err.message}`);
    process.exit(1);
  });
}
