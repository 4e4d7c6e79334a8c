// The layer benchmark's results: one row per task, library and thread count, pooled over the
// interleaved runs of that contestant, and the JSON file `pnpm bench:layers --json FILE` writes.
import { TASKS } from "./tasks";

/** One contestant on one task: every timed step of all its runs pooled, medians and spread. */
export interface LayerRow {
  /** Exactly one of the task names in tasks.ts: "LSTM small", "GRU small", "SimpleRNN small", "LSTM large". */
  task: string;
  /** "tapegrad", "tapegrad relaxed-SIMD", "pytorch", "tfjs-layers wasm", "tfjs-layers cpu", "brain.js". */
  library: string;
  threads: number;
  /** Median ms per training step over every timed step of every run. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  steps: number;
  /** The median of each run (process) separately: how much the runs disagree. */
  runMedians: number[];
  note?: string;
}

export interface LayersReport {
  date: string;
  node: string;
  cpu: string;
  /** PyTorch and OpenBLAS versions (and any note), or why PyTorch was not measured. */
  pytorch: { torch: string; blas: string; note: string } | { missing: string };
  rows: LayerRow[];
  /** The one-thread matmul floor of a task's step per kernel build (layers/matmul-floor.ts). */
  floors?: { task: string; build: string; gflop: number; ms: number; gflops: number }[];
}

function median(sorted: number[]): number {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

/** Pools the step times of one contestant's runs into its row. */
export function rowFromRuns(task: string, library: string, threads: number, runs: { times: number[] }[], note?: string): LayerRow {
  if (!TASKS.some((t) => t.name === task)) throw new Error(`bench:layers: unknown task '${task}'; expected one of ${TASKS.map((t) => `'${t.name}'`).join(", ")}`);
  const all = runs.flatMap((r) => r.times).sort((a, b) => a - b);
  if (all.length === 0) throw new Error(`bench:layers: ${task} / ${library} / ${threads} thread(s): no timed steps`);
  const row: LayerRow = {
    task, library, threads, medianMs: median(all), minMs: all[0], maxMs: all[all.length - 1], steps: all.length,
    runMedians: runs.map((r) => median([...r.times].sort((a, b) => a - b))),
  };
  return note ? { ...row, note } : row;
}

/** Reads a report written by `pnpm bench:layers --json`, checking every row has the promised fields. */
export function parseLayersReport(text: string): LayersReport {
  const report = JSON.parse(text) as LayersReport;
  if (!Array.isArray(report?.rows)) throw new Error("bench:layers report: expected a 'rows' array");
  report.rows.forEach((r, i) => {
    const bad = (what: string) => new Error(`bench:layers report: rows[${i}]: ${what}, got ${JSON.stringify(r)}`);
    if (!TASKS.some((t) => t.name === r.task)) throw bad(`task must be one of ${TASKS.map((t) => t.name).join(", ")}`);
    if (typeof r.library !== "string" || r.library === "") throw bad("library must be a non-empty string");
    if (!Number.isInteger(r.threads) || r.threads < 1) throw bad("threads must be a positive integer");
    if (typeof r.medianMs !== "number" || !(r.medianMs > 0)) throw bad("medianMs must be a positive number");
  });
  return report;
}
