/**
 * Final results of an example run (model vs baselines): a fixed-width table for the terminal and
 * a JSON file for CI artefacts and the README. Rows are plain objects so any model can add one.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export interface ResultRow {
  name: string;
  /** Metric name → value, e.g. { "MAE °C": 2.24, "RMSE °C": 2.91 }. */
  metrics: Record<string, number>;
}

/** Formats rows as an aligned text table; metric columns are the union over all rows. */
export function formatResultsTable(rows: readonly ResultRow[], digits = 3): string {
  if (rows.length === 0) throw new Error("formatResultsTable: expected at least one row, got none");
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row.metrics)) if (!columns.includes(key)) columns.push(key);
  const header = ["", ...columns];
  const body = rows.map((row) => [row.name, ...columns.map((c) => (c in row.metrics ? row.metrics[c].toFixed(digits) : "-"))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

/** Writes `{ ...meta, results: rows }` as pretty JSON, creating the folder if needed. */
export function writeResultsJson(path: string, rows: readonly ResultRow[], meta: Record<string, unknown> = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify({ ...meta, results: rows }, null, 2) + "\n");
}
