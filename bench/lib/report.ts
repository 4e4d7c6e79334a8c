// Turns timings into the benchmark's table and JSON: GFLOP/s for matmul, ns per element otherwise.
import type { Impl, Unit } from "./cases";
import type { Timing } from "./timing";

export type Measured = { timing: Timing; value: number } | { skipped: string };

export interface Row {
  kernel: string;
  size: string;
  unit: Unit;
  work: number;
  results: Record<Impl, Measured>;
  /** tapegrad's speed over tfjs's (> 1: tapegrad is faster), whatever the unit. */
  speedupVsTfjs: number | null;
  /** Largest |tapegrad − tfjs| over the output: a guard that both computed the same thing. */
  maxDiffVsTfjs: number | null;
}

export function valueOf(unit: Unit, work: number, seconds: number): number {
  return unit === "GFLOP/s" ? work / seconds / 1e9 : (seconds * 1e9) / work;
}

export function speedup(results: Record<Impl, Measured>): number | null {
  const t = results.tapegrad, f = results.tfjs;
  return "timing" in t && "timing" in f ? f.timing.seconds / t.timing.seconds : null;
}

function cell(m: Measured, unit: Unit): string {
  if (!("timing" in m)) return "—";
  return unit === "GFLOP/s" ? m.value.toFixed(2) : m.value.toFixed(3);
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
}

/** The results as a fixed-width text table with a footnote per skipped measurement. */
export function formatTable(rows: Row[]): string {
  const header = ["kernel", "size", "unit", "tapegrad", "twin", "tfjs-wasm", "tapegrad/tfjs"];
  const body = rows.map((r) => [
    r.kernel, r.size, r.unit,
    cell(r.results.tapegrad, r.unit), cell(r.results.twin, r.unit), cell(r.results.tfjs, r.unit),
    r.speedupVsTfjs === null ? "—" : `${r.speedupVsTfjs.toFixed(2)}×`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const lines = [pad(header, widths), widths.map((w) => "-".repeat(w)).join("  "), ...body.map((b) => pad(b, widths))];
  const notes = new Set<string>();
  for (const r of rows) {
    for (const [impl, m] of Object.entries(r.results)) if ("skipped" in m) notes.add(`${impl} ${m.skipped}`);
  }
  lines.push("", "tapegrad/tfjs is a speed ratio: above 1 tapegrad is faster (for both units).");
  for (const n of notes) lines.push(`— ${n}`);
  return lines.join("\n");
}
