/**
 * Panel 1 in the worker: the Neural Weather Forecaster of `pnpm start`, built from the same
 * modules (examples/weather) on the same Seattle data, bundled at build time. Holds the current
 * model between requests so the page can download it, store it in IndexedDB, or train it further.
 */
import { loadBytesFromIndexedDB, saveBytesToIndexedDB } from "@tapegrad/nn";
import seattleCsv from "bundled:seattle-weather.csv";
import { baselineForecasts } from "../../weather/baselines.ts";
import { buildForecastTask, type ForecastTask } from "../../weather/forecast-task.ts";
import type { FitProgress } from "../../shared/fit-progress.ts";
import { forecastMetrics } from "../../weather/metrics.ts";
import { DEFAULT_MODEL_CONFIG, type ModelConfig, checkModelConfig } from "../../weather/model-config.ts";
import { RnnForecaster } from "../../weather/rnn-forecaster.ts";
import { type WeatherDay, parseWeatherCsv } from "../../weather/weather-csv.ts";
import type { Job, JobContext } from "./job.ts";

export interface WeatherEpoch {
  epoch: number;
  epochs: number;
  trainLoss: number;
  validationLoss: number;
  validationMae: number;
  stepsPerSecond: number;
}

export interface WeatherEvaluation {
  model: string;
  config: ModelConfig;
  dates: string[];
  actual: number[];
  forecasts: Record<string, number[]>;
  rows: { name: string; mae: number; rmse: number }[];
  bestEpoch: number | null;
  epochsRun: number | null;
  seconds: number | null;
}

let data: { days: WeatherDay[]; task: ForecastTask } | null = null;
let current: RnnForecaster | null = null;

function weatherData(): { days: WeatherDay[]; task: ForecastTask } {
  data ??= (() => {
    const days = parseWeatherCsv(seattleCsv, { source: "seattle-weather.csv (vega-datasets)" });
    return { days, task: buildForecastTask(days) };
  })();
  return data;
}

function configFrom(params: Partial<ModelConfig> | undefined): ModelConfig {
  return checkModelConfig({ ...DEFAULT_MODEL_CONFIG, ...params });
}

/** Scores the current model on the test year beside persistence and climatology. */
async function evaluate(forecaster: RnnForecaster): Promise<WeatherEvaluation> {
  const { days, task } = weatherData();
  const predicted = task.toCelsius(await forecaster.predict(task.test));
  const { forecasts: baselines } = baselineForecasts(days, task);
  const forecasts: Record<string, number[]> = { [forecaster.name]: Array.from(predicted) };
  for (const [name, values] of Object.entries(baselines)) forecasts[name] = Array.from(values);
  const rows = Object.entries(forecasts).map(([name, values]) => {
    const m = forecastMetrics(values, task.test.targetC);
    return { name, mae: m["MAE °C"], rmse: m["RMSE °C"] };
  });
  const s = forecaster.summary;
  return {
    model: forecaster.name,
    config: forecaster.config,
    dates: task.test.dates,
    actual: Array.from(task.test.targetC),
    forecasts,
    rows,
    bestEpoch: s?.bestEpoch ?? null,
    epochsRun: s?.epochsRun ?? null,
    seconds: s?.seconds ?? null,
  };
}

/** Reports each epoch to the page and lets pause/cancel in between epochs. */
function progressFor(ctx: JobContext, epochs: number): FitProgress {
  let steps = 0;
  let started = 0;
  let epoch = 0;
  return {
    startEpoch(e) {
      epoch = e;
      steps = 0;
      started = performance.now();
    },
    step() {
      steps++;
    },
    async endEpoch(s) {
      const seconds = (performance.now() - started) / 1000;
      const report: WeatherEpoch = { epoch, epochs, trainLoss: s.trainLoss, validationLoss: s.validationLoss ?? NaN, validationMae: s.validation ?? NaN, stepsPerSecond: steps / seconds };
      ctx.progress(report);
      await ctx.control.checkpoint();
    },
    stop() {},
  };
}

/** Trains a fresh model with `params` (pnpm start's defaults), or the current one further with `continue`. */
const train: Job = async (params: { config?: Partial<ModelConfig>; continue?: boolean }, ctx) => {
  const { task } = weatherData();
  let forecaster: RnnForecaster;
  if (params.continue) {
    if (!current) throw new Error("weather: nothing to continue; train a model or load a checkpoint first");
    forecaster = current;
  } else {
    forecaster = new RnnForecaster(configFrom(params.config), task.train.features);
  }
  await forecaster.fit(task, (_steps, epochs) => progressFor(ctx, epochs));
  current = forecaster;
  return evaluate(forecaster);
};

function requireModel(op: string): RnnForecaster {
  if (!current) throw new Error(`weather ${op}: no model yet; train one or load a checkpoint first`);
  return current;
}

/** Loads checkpoint bytes (ours, or a plain state dict for the page's settings) and scores them. */
async function adopt(bytes: Uint8Array, source: string, config: Partial<ModelConfig> | undefined): Promise<WeatherEvaluation> {
  const forecaster = RnnForecaster.fromCheckpoint(bytes, source, { config: configFrom(config), task: weatherData().task });
  current = forecaster;
  return evaluate(forecaster);
}

export const weatherJobs: Record<string, Job> = {
  "weather/train": train,
  "weather/checkpoint": async () => requireModel("download").checkpointBytes({ trainedIn: "tapegrad web playground" }),
  "weather/load-bytes": async (p: { bytes: Uint8Array; source: string; config?: Partial<ModelConfig> }) => adopt(p.bytes, p.source, p.config),
  "weather/save-indexeddb": async (p: { key: string }) => {
    await saveBytesToIndexedDB(p.key, requireModel("save").checkpointBytes({ trainedIn: "tapegrad web playground" }));
    return { key: p.key };
  },
  "weather/load-indexeddb": async (p: { key: string; config?: Partial<ModelConfig> }) => adopt(await loadBytesFromIndexedDB(p.key), `indexeddb://${p.key}`, p.config),
};
