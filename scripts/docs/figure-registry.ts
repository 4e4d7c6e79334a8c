/**
 * Where every result figure in the docs comes from. RUNS are the example runs (deterministic for
 * their seed); `pnpm docs:figures` runs them and keeps their results.json in docs/results/<id>.json.
 * FIGURES turns those files into the exact text the docs show; a doc marks each figure as
 * `<!--fig:KEY-->TEXT<!--/fig-->`, the generator rewrites TEXT, and test/docs/figures.test.ts
 * fails when a marked TEXT differs from what the committed results say.
 */
import { vegaDatasetPath } from "../../examples/weather/dataset-path.ts";

export interface FigureRun {
  id: string;
  /** The example's entry point and flags; `--out DIR` is added. */
  script: string;
  args: () => string[];
  /** Fields of results.json that depend on the machine (times), left out of the rerun comparison. */
  volatile: string[];
}

const weather = (id: string, ...args: string[]): FigureRun => ({ id, script: "examples/weather/main.ts", args: () => args, volatile: ["model.seconds", "csv"] });

export const RUNS: FigureRun[] = [
  weather("weather"),
  weather("weather-seed1", "--seed", "1"),
  weather("weather-seed2", "--seed", "2"),
  weather("weather-seed3", "--seed", "3"),
  weather("weather-gru", "--cell", "gru", "--hidden", "16", "--layers", "2", "--bidirectional"),
  { id: "weather-new-york", script: "examples/weather/main.ts", args: () => ["--csv", vegaDatasetPath("weather.csv"), "--location", "New York", "--baselines-only"], volatile: ["csv"] },
  { id: "hello", script: "examples/char-lm/hello.ts", args: () => [], volatile: ["seconds"] },
  { id: "charlm", script: "examples/char-lm/main.ts", args: () => [], volatile: ["seconds"] },
  { id: "seq2seq", script: "examples/seq2seq/main.ts", args: () => [], volatile: ["results.*.metrics.train s"] },
  { id: "seq2seq-plain-40", script: "examples/seq2seq/main.ts", args: () => ["--variants", "plain", "--epochs", "40"], volatile: ["results.*.metrics.train s"] },
];

// biome-ignore lint/suspicious/noExplicitAny: results.json files are untyped JSON read back
export type Results = Record<string, any>;

const fixed = (digits: number) => (v: number) => v.toFixed(digits);
const percent = (digits: number) => (v: number) => `${(v * 100).toFixed(digits)} %`;
const thousands = (v: number) => Math.round(v).toLocaleString("en-US");

/** A results row's metric: the row by index or by name. */
function metric(r: Results, row: number | string, name: string): number {
  const rows = r.results as { name: string; metrics: Record<string, number> }[];
  const found = typeof row === "number" ? rows[row] : rows.find((x) => x.name === row);
  if (!found || found.metrics[name] === undefined) throw new Error(`figures: no metric "${name}" in row ${row} (rows: ${rows.map((x) => x.name).join(", ")})`);
  return found.metrics[name];
}

const weatherFigures = (id: string, prefix: string) => ({
  [`${prefix}.model.mae`]: (r: Results) => fixed(2)(metric(r[id], 0, "MAE °C")),
  [`${prefix}.model.mae3`]: (r: Results) => fixed(3)(metric(r[id], 0, "MAE °C")),
  [`${prefix}.model.rmse`]: (r: Results) => fixed(2)(metric(r[id], 0, "RMSE °C")),
  [`${prefix}.model.rmse3`]: (r: Results) => fixed(3)(metric(r[id], 0, "RMSE °C")),
});

/** The first epoch whose validation accuracy reaches `level`, or "none" within the run. */
function firstEpochAbove(history: { validationAccuracy: number }[], level: number): string {
  const i = history.findIndex((h) => h.validationAccuracy >= level);
  return i < 0 ? "none" : String(i + 1);
}

export const FIGURES: Record<string, (r: Results) => string> = {
  ...weatherFigures("weather", "weather"),
  "weather.persistence.mae": (r) => fixed(2)(metric(r.weather, "persistence", "MAE °C")),
  "weather.persistence.mae3": (r) => fixed(3)(metric(r.weather, "persistence", "MAE °C")),
  "weather.persistence.mae4": (r) => fixed(4)(metric(r.weather, "persistence", "MAE °C")),
  "weather.persistence.rmse": (r) => fixed(2)(metric(r.weather, "persistence", "RMSE °C")),
  "weather.persistence.rmse3": (r) => fixed(3)(metric(r.weather, "persistence", "RMSE °C")),
  "weather.climatology.mae": (r) => fixed(2)(metric(r.weather, "climatology", "MAE °C")),
  "weather.climatology.mae3": (r) => fixed(3)(metric(r.weather, "climatology", "MAE °C")),
  "weather.climatology.rmse": (r) => fixed(2)(metric(r.weather, "climatology", "RMSE °C")),
  "weather.climatology.rmse3": (r) => fixed(3)(metric(r.weather, "climatology", "RMSE °C")),
  "weather.epochsRun": (r) => String(r.weather.model.epochsRun),
  "weather.bestEpoch": (r) => String(r.weather.model.bestEpoch),
  "weather.gain.mae": (r) => fixed(2)(metric(r.weather, "persistence", "MAE °C") - metric(r.weather, 0, "MAE °C")),
  "weather.gain.percent": (r) => `${Math.round((1 - metric(r.weather, 0, "MAE °C") / metric(r.weather, "persistence", "MAE °C")) * 100)} %`,
  "weather.testTargets": (r) => String(r.weather.testTargets),
  ...weatherFigures("weather-seed1", "weather-seed1"),
  ...weatherFigures("weather-seed2", "weather-seed2"),
  ...weatherFigures("weather-seed3", "weather-seed3"),
  ...weatherFigures("weather-gru", "weather-gru"),
  "weather-new-york.persistence": (r) => `${fixed(2)(metric(r["weather-new-york"], "persistence", "MAE °C"))} / ${fixed(2)(metric(r["weather-new-york"], "persistence", "RMSE °C"))}`,
  "weather-new-york.climatology": (r) => `${fixed(2)(metric(r["weather-new-york"], "climatology", "MAE °C"))} / ${fixed(2)(metric(r["weather-new-york"], "climatology", "RMSE °C"))}`,

  "hello.steps": (r) => String(r.hello.steps),
  // The whole fenced block inside its list item (two spaces of indentation).
  "hello.table": (r) => `\n  \`\`\`\n${(r.hello.table as string).split("\n").map((l) => `  ${l}`.trimEnd()).join("\n")}\n  \`\`\`\n  `,

  "charlm.val": (r) => fixed(3)(metric(r.charlm, 0, "val bpc")),
  "charlm.val2": (r) => fixed(2)(metric(r.charlm, 0, "val bpc")),
  "charlm.train": (r) => fixed(3)(metric(r.charlm, 0, "train bpc")),
  "charlm.unigram": (r) => fixed(3)(metric(r.charlm, "unigram", "val bpc")),
  "charlm.uniform": (r) => fixed(3)(metric(r.charlm, "uniform", "val bpc")),
  "charlm.epochs": (r) => String(r.charlm.epochsRun),
  "charlm.steps": (r) => thousands(r.charlm.optimizerSteps),
  "charlm.seconds": (r) => fixed(0)(r.charlm.seconds),
  "charlm.charsPerSecond": (r) => thousands((r.charlm.optimizerSteps * r.charlm.config.batch * r.charlm.config.steps) / r.charlm.seconds),
  "charlm.sample": (r) => (r.charlm.samples as string[]).at(-1)!.replace(/\s+/g, " ").trim().slice(0, 120),

  "seq2seq.attention": (r) => percent(1)(metric(r.seq2seq, 0, "exact match")),
  "seq2seq.plain": (r) => percent(1)(metric(r.seq2seq, 1, "exact match")),
  "seq2seq.attention.seconds": (r) => fixed(0)(metric(r.seq2seq, 0, "train s")),
  "seq2seq.plain.seconds": (r) => fixed(0)(metric(r.seq2seq, 1, "train s")),
  "seq2seq.attention.epochTo95": (r) => firstEpochAbove(r.seq2seq.histories.attention, 0.95),
  "seq2seq.plain40": (r) => percent(1)(metric(r["seq2seq-plain-40"], 0, "exact match")),
};
