/**
 * Neural Weather Forecaster example (`pnpm start`): trains a recurrent forecaster on 2012–Sep 2014,
 * early-stops on Oct–Dec 2014, scores it on 2015 beside the persistence and climatology
 * baselines, draws the forecast and loss charts, and saves a checkpoint for forecast.ts.
 * Flags: see USAGE below; `--baselines-only` skips the model.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { lossCurveSpec } from "../shared/loss-curve-chart.ts";
import { writeChart } from "../shared/render-chart.ts";
import { type ResultRow, formatResultsTable, writeResultsJson } from "../shared/results-table.ts";
import { withoutLeadingDashes } from "../shared/cli-args.ts";
import { type ProgressMode, TrainingProgress } from "../shared/training-progress.ts";
import { fitClimatology, climatologyForecast } from "./climatology.ts";
import { seattleWeatherCsv } from "./dataset-path.ts";
import { FEATURE_COUNT } from "./features.ts";
import { forecastChartSpec } from "./forecast-chart.ts";
import { buildForecastTask } from "./forecast-task.ts";
import type { Forecaster } from "./forecaster.ts";
import { forecastMetrics } from "./metrics.ts";
import { MODEL_FLAG_OPTIONS, modelConfigFromFlags } from "./model-config.ts";
import { persistenceForecast } from "./persistence.ts";
import { describeSplit } from "./split.ts";
import { RnnForecaster } from "./rnn-forecaster.ts";
import { readWeatherCsv } from "./weather-csv.ts";
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

const USAGE = `pnpm start -- [--csv PATH] [--location NAME] [--window 14] [--test-year 2015] [--out DIR] [--json FILE]
  [--checkpoint FILE] [--cell lstm|gru] [--hidden 32] [--layers 1] [--bidirectional] [--epochs 60]
  [--patience 10] [--lr 0.003] [--batch 32] [--seed 7] [--baselines-only]`;

/** The command line: data flags, model flags (model-config.ts), output paths. */
async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      csv: { type: "string" },
      location: { type: "string" },
      window: { type: "string", default: "14" },
      "test-year": { type: "string", default: "2015" },
      out: { type: "string" },
      json: { type: "string" },
      checkpoint: { type: "string" },
      "baselines-only": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
      ...MODEL_FLAG_OPTIONS,
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const int = (name: string, text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n)) throw new Error(`--${name}: expected an integer, got "${text}"`);
    return n;
  };
  const outDir = values.out ?? join(fileURLToPath(new URL(".", import.meta.url)), "out");
  const config = modelConfigFromFlags(values);
  const forecaster = values["baselines-only"] ? undefined : new RnnForecaster(config, FEATURE_COUNT, console.log);
  const started = performance.now();
  await runWeatherExample({
    csv: values.csv,
    location: values.location,
    windowLength: int("window", values.window!),
    testYear: int("test-year", values["test-year"]!),
    outDir,
    jsonPath: values.json,
    forecaster,
  });
  if (forecaster) {
    const checkpoint = values.checkpoint ?? join(outDir, "forecaster.safetensors");
    forecaster.saveCheckpoint(checkpoint, { csv: values.csv ?? "vega-datasets seattle-weather.csv", location: values.location ?? null, testYear: int("test-year", values["test-year"]!) });
    console.log(`wrote ${checkpoint} (weights; config and normalisation statistics in its __metadata__)`);
    console.log(`try: pnpm forecast -- --checkpoint ${checkpoint}${values.csv ? ` --csv ${values.csv}` : ""}${values.location ? ` --location "${values.location}"` : ""}`);
  }
  console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(withoutLeadingDashes(process.argv.slice(2))).catch((err: Error) => {
    console.error(`weather: ${err.message}`);
    process.exit(1);
  });
}
