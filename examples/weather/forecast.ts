/**
 * Tomorrow's forecast from a saved model: `pnpm forecast -- --checkpoint FILE [--csv PATH]
 * [--location NAME]`. Reads the CSV, takes its latest `windowLength` days, normalises them with
 * the statistics stored in the checkpoint (never the new file's own: the model was trained on
 * the training years' scale), and prints the predicted temp_max for the day after the last row.
 * `--onnx FILE` runs the exported ONNX model (`pnpm export:onnx`) in ONNX Runtime instead.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { noGrad, scope, tensor } from "@tapegrad/autograd";
import { UsageError, runCommand } from "../../scripts/command-line.ts";
import { isoFromDay } from "./calendar.ts";
import { seattleWeatherCsv } from "./dataset-path.ts";
import { FEATURE_NAMES, TEMP_MAX_FEATURE, dayFeatures } from "./features.ts";
import { loadForecasterCheckpoint } from "./model-checkpoint-file.ts";
import type { CheckpointInfo } from "./model-checkpoint.ts";
import { standardize, unstandardizeColumn } from "./standardizer.ts";
import type { WeatherDay } from "./weather-csv.ts";
import { readWeatherCsv } from "./weather-csv-file.ts";

export interface NextDayForecast {
  /** The day forecast: the day after the CSV's last row, "YYYY-MM-DD". */
  date: string;
  tempMaxC: number;
  /** The input window's first and last dates. */
  from: string;
  to: string;
  /** temp_max of the last row (what persistence would say). */
  lastTempMaxC: number;
  modelName: string;
}

export const DEFAULT_CHECKPOINT = join(fileURLToPath(new URL(".", import.meta.url)), "out", "forecaster.safetensors");

/** Loads the checkpoint and forecasts the day after the CSV's last row. */
export function forecastNextDay(opts: { checkpoint: string; csv: string; location?: string }): NextDayForecast {
  const { model, info } = loadForecasterCheckpoint(opts.checkpoint);
  const input = latestWindow(info, opts, opts.checkpoint);
  model.eval();
  const normalised = noGrad(() => scope(() => model.forward(tensor(input.x, { shape: input.shape })).item()));
  return nextDayForecast(info, input.window, normalised);
}

/** The same forecast from the exported ONNX model (`pnpm export:onnx`), run by ONNX Runtime. */
export async function forecastNextDayOnnx(opts: { onnx: string; csv: string; location?: string }): Promise<NextDayForecast> {
  // Loaded on demand: ONNX Runtime's native library is only needed here.
  const { loadOnnxForecaster } = await import("./onnx-forecaster.ts");
  const { info, run } = await loadOnnxForecaster(opts.onnx);
  const input = latestWindow(info, opts, opts.onnx);
  return nextDayForecast(info, input.window, (await run(input.x, input.shape))[0]);
}

/** The CSV's last windowLength days (which must be consecutive), normalised with the stored statistics. */
function latestWindow(info: CheckpointInfo, opts: { csv: string; location?: string }, source: string): { x: Float32Array; shape: number[]; window: WeatherDay[] } {
  if (info.featureNames.join(",") !== FEATURE_NAMES.join(",")) {
    throw new Error(`forecast: ${source} was trained on features ${info.featureNames.join(",")}; this code builds ${FEATURE_NAMES.join(",")}`);
  }
  const W = info.windowLength;
  const days = readWeatherCsv(opts.csv, { location: opts.location, minRows: W });
  const window = days.slice(days.length - W);
  const span = window[W - 1].day - window[0].day;
  if (span !== W - 1) {
    const gap = window.findIndex((d, i) => i > 0 && d.day !== window[i - 1].day + 1);
    throw new Error(`forecast: ${opts.csv}: expected the last ${W} rows to be ${W} consecutive days, but ${window[gap - 1].date} is followed by ${window[gap].date}`);
  }
  const x = Float32Array.from(standardize(dayFeatures(window), info.standardizer));
  return { x, shape: [1, W, FEATURE_NAMES.length], window };
}

function nextDayForecast(info: CheckpointInfo, window: WeatherDay[], normalised: number): NextDayForecast {
  const W = window.length;
  const [tempMaxC] = unstandardizeColumn([normalised], info.standardizer, TEMP_MAX_FEATURE);
  return {
    date: isoFromDay(window[W - 1].day + 1),
    tempMaxC,
    from: window[0].date,
    to: window[W - 1].date,
    lastTempMaxC: window[W - 1].tempMax,
    modelName: `${info.config.cell.toUpperCase()} ${info.config.layers}×${info.config.hidden}${info.config.bidirectional ? " bidirectional" : ""}`,
  };
}

const COMMAND = {
  command: "pnpm forecast",
  description: "Loads a forecaster saved by `pnpm start` and forecasts temp_max for the day after the CSV's last row.",
  flags: {
    checkpoint: { type: "string", value: "FILE", description: "the saved model (default examples/weather/out/forecaster.safetensors)" },
    onnx: { type: "string", value: "FILE", description: "run this exported ONNX model (pnpm export:onnx) in ONNX Runtime instead" },
    csv: { type: "string", value: "PATH", description: "recent weather (default: Seattle from vega-datasets)" },
    location: { type: "string", value: "NAME", description: "rows of this location only" },
  },
} as const;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runCommand(COMMAND, async (values) => {
    if (values.onnx && values.checkpoint) throw new UsageError("give --checkpoint or --onnx, not both");
    const checkpoint = values.checkpoint ?? DEFAULT_CHECKPOINT;
    const csv = values.csv ?? seattleWeatherCsv();
    const f = values.onnx ? await forecastNextDayOnnx({ onnx: values.onnx, csv, location: values.location }) : forecastNextDay({ checkpoint, csv, location: values.location });
    console.log(`model: ${f.modelName} from ${values.onnx ? `${values.onnx} (ONNX Runtime)` : checkpoint}`);
    console.log(`input: ${csv}${values.location ? ` (${values.location})` : ""}, ${f.from} … ${f.to} (last temp_max ${f.lastTempMaxC.toFixed(1)} °C)`);
    console.log(`forecast for ${f.date}: temp_max ${f.tempMaxC.toFixed(1)} °C`);
  });
}
