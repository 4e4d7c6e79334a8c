/**
 * Tomorrow's forecast from a saved model: `pnpm forecast -- --checkpoint FILE [--csv PATH]
 * [--location NAME]`. Reads the CSV, takes its latest `windowLength` days, normalises them with
 * the statistics stored in the checkpoint (never the new file's own: the model was trained on
 * the training years' scale), and prints the predicted temp_max for the day after the last row.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { noGrad, scope, tensor } from "@tapegrad/autograd";
import { runCommand } from "../../scripts/command-line.ts";
import { isoFromDay } from "./calendar.ts";
import { seattleWeatherCsv } from "./dataset-path.ts";
import { FEATURE_NAMES, TEMP_MAX_FEATURE, dayFeatures } from "./features.ts";
import { loadForecasterCheckpoint } from "./model-checkpoint.ts";
import { standardize, unstandardizeColumn } from "./standardizer.ts";
import { readWeatherCsv } from "./weather-csv.ts";

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
  if (info.featureNames.join(",") !== FEATURE_NAMES.join(",")) {
    throw new Error(`forecast: ${opts.checkpoint} was trained on features ${info.featureNames.join(",")}; this code builds ${FEATURE_NAMES.join(",")}`);
  }
  const W = info.windowLength;
  const days = readWeatherCsv(opts.csv, { location: opts.location, minRows: W });
  const window = days.slice(days.length - W);
  const span = window[W - 1].day - window[0].day;
  if (span !== W - 1) {
    const gap = window.findIndex((d, i) => i > 0 && d.day !== window[i - 1].day + 1);
    throw new Error(`forecast: ${opts.csv}: expected the last ${W} rows to be ${W} consecutive days, but ${window[gap - 1].date} is followed by ${window[gap].date}`);
  }
  const F = FEATURE_NAMES.length;
  const x = Float32Array.from(standardize(dayFeatures(window), info.standardizer));
  model.eval();
  const normalised = noGrad(() => scope(() => model.forward(tensor(x, { shape: [1, W, F] })).item()));
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
    csv: { type: "string", value: "PATH", description: "recent weather (default: Seattle from vega-datasets)" },
    location: { type: "string", value: "NAME", description: "rows of this location only" },
  },
} as const;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runCommand(COMMAND, (values) => {
    const checkpoint = values.checkpoint ?? DEFAULT_CHECKPOINT;
    const csv = values.csv ?? seattleWeatherCsv();
    const f = forecastNextDay({ checkpoint, csv, location: values.location });
    console.log(`model: ${f.modelName} from ${checkpoint}`);
    console.log(`input: ${csv}${values.location ? ` (${values.location})` : ""}, ${f.from} … ${f.to} (last temp_max ${f.lastTempMaxC.toFixed(1)} °C)`);
    console.log(`forecast for ${f.date}: temp_max ${f.tempMaxC.toFixed(1)} °C`);
  });
}
