/**
 * Neural Weather Forecaster example (`pnpm start`): trains a recurrent forecaster on 2012–Sep 2014,
 * early-stops on Oct–Dec 2014, scores it on 2015 beside the persistence and climatology
 * baselines, draws the forecast and loss charts, and saves a checkpoint for forecast.ts.
 * Flags: see USAGE below; `--baselines-only` skips the model.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { lossCurveSpec } from "../shared/loss-curve-chart.ts";
import { writeChart } from "../shared/render-chart.ts";
import { type ResultRow, formatResultsTable, writeResultsJson } from "../shared/results-table.ts";
import { type FlagValues, integerFlag, runCommand, UsageError } from "../../scripts/command-line.ts";
import { type ProgressMode, TrainingProgress } from "../shared/training-progress.ts";
import { baselineForecasts } from "./baselines.ts";
import { seattleWeatherCsv } from "./dataset-path.ts";
import { FEATURE_COUNT } from "./features.ts";
import { forecastChartSpec } from "./forecast-chart.ts";
import { buildForecastTask } from "./forecast-task.ts";
import type { Forecaster } from "./forecaster.ts";
import { forecastMetrics } from "./metrics.ts";
import { writeForecasterCheckpoint } from "./model-checkpoint-file.ts";
import { MODEL_FLAGS, modelConfigFromFlags } from "./model-config.ts";
import { describeSplit } from "./split.ts";
import { RnnForecaster } from "./rnn-forecaster.ts";
import { readWeatherCsv } from "./weather-csv-file.ts";
import { saveWindows } from "./windows-file.ts";

export interface WeatherRunOptions {
  csv?: string;
  location?: string;
  windowLength?: number;
  testYear?: number;
  outDir?: string;
  /** Half-width in days of the climatology smoothing window (default 7). */
  climatologyHalfWidth?: number;
  forecaster?: Forecaster;
  /** Progress output while the model trains; default: a bar on a terminal, lines otherwise. */
  progressMode?: ProgressMode;
  /** Where results.json goes; default <outDir>/results.json. */
  jsonPath?: string;
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
  const windowsPath = join(outDir, "windows.safetensors");
  saveWindows(task, windowsPath);
  log(`wrote ${windowsPath} (the normalised windows, for examples/to-pytorch)`);

  const { forecasts: baselines, climatology } = baselineForecasts(days, task, opts.climatologyHalfWidth);
  const forecasts: Record<string, ArrayLike<number>> = { ...baselines };
  const rows: ResultRow[] = Object.entries(forecasts).map(([name, pred]) => ({ name, metrics: forecastMetrics(pred, test.targetC) }));

  if (opts.forecaster) {
    const model = opts.forecaster;
    const history = await model.fit(task, (steps, epochs) => new TrainingProgress({ epochs, stepsPerEpoch: steps, validationName: "val MAE °C", mode: opts.progressMode }));
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
  const jsonPath = opts.jsonPath ?? join(outDir, "results.json");
  const model = opts.forecaster ? { model: { name: opts.forecaster.name, ...opts.forecaster.details?.() } } : {};
  writeResultsJson(jsonPath, rows, { example: "weather", csv, location: opts.location ?? null, windowLength: test.steps, split: ranges, testTargets: test.count, climatologyHalfWidth: climatology.halfWidth, ...model });
  log(`wrote ${jsonPath}`);
  return rows;
}

const COMMAND = {
  command: "pnpm start",
  description: "Neural Weather Forecaster: trains a recurrent model on daily weather, scores it on the test year\nbeside persistence and climatology, and writes charts, results.json and a checkpoint.",
  flags: {
    csv: { type: "string", value: "PATH", description: "weather CSV (default: Seattle from vega-datasets)" },
    location: { type: "string", value: "NAME", description: "rows of this location only (CSVs with a location column)" },
    window: { type: "string", default: "14", value: "DAYS", description: "days the model reads before each forecast" },
    "test-year": { type: "string", default: "2015", value: "YEAR", description: "the year held out for the final score" },
    out: { type: "string", value: "DIR", description: "output folder (default examples/weather/out)" },
    json: { type: "string", value: "FILE", description: "results JSON (default DIR/results.json)" },
    checkpoint: { type: "string", value: "FILE", description: "where the trained model is saved (default DIR/forecaster.safetensors)" },
    "baselines-only": { type: "boolean", default: false, description: "score persistence and climatology only, train nothing" },
    ...MODEL_FLAGS,
  },
} as const;

/** The command line: data flags, model flags (model-config.ts), output paths. */
async function main(values: FlagValues<typeof COMMAND.flags>): Promise<void> {
  const windowLength = integerFlag("window", values.window, 1);
  const testYear = integerFlag("test-year", values["test-year"]);
  let config: ReturnType<typeof modelConfigFromFlags>;
  try {
    config = modelConfigFromFlags(values);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const outDir = values.out ?? join(fileURLToPath(new URL(".", import.meta.url)), "out");
  const forecaster = values["baselines-only"] ? undefined : new RnnForecaster(config, FEATURE_COUNT, console.log);
  const started = performance.now();
  await runWeatherExample({
    csv: values.csv,
    location: values.location,
    windowLength,
    testYear,
    outDir,
    jsonPath: values.json,
    forecaster,
  });
  if (forecaster) {
    const checkpoint = values.checkpoint ?? join(outDir, "forecaster.safetensors");
    writeForecasterCheckpoint(checkpoint, forecaster.checkpointBytes({ csv: values.csv ?? "vega-datasets seattle-weather.csv", location: values.location ?? null, testYear }));
    console.log(`wrote ${checkpoint} (weights; config and normalisation statistics in its __metadata__)`);
    console.log(`try: pnpm forecast -- --checkpoint ${checkpoint}${values.csv ? ` --csv ${values.csv}` : ""}${values.location ? ` --location "${values.location}"` : ""}`);
  }
  console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runCommand(COMMAND, main);
