// The comparison as a fixed-width table and as JSON rows.
import type { Mode } from "@tapegrad/bptt";
import type { PairResult } from "./measure";
import type { Size } from "./runners";

export interface Row extends PairResult {
  mode: Mode;
  size: Size;
  /** PyTorch's median ms per step of the same problem in this run, by thread count (empty when PyTorch is missing). */
  pytorch: { threads: number; medianMs: number; minMs: number; maxMs: number }[];
}

/** Autograd within this factor of manual BPTT is the target (issue 5). */
export const RATIO_TARGET = 1.5;

const LABEL: Record<Mode, string> = { rnn_tanh: "RNN", rnn_relu: "RNN relu", lstm: "LSTM", gru: "GRU" };

function bestRatio(r: Row): string {
  const best = Math.min(...r.pytorch.map((p) => p.medianMs));
  return Number.isFinite(best) ? `${(r.bptt.medianMs / best).toFixed(2)}×` : "—";
}

function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(2);
}

export function sizeLabel(s: Size): string {
  return `${s.name} (B${s.batch} T${s.seq} I${s.input} H${s.hidden})`;
}

/** The results as a text table, one row per layer and size, and a footnote per column. */
export function formatTable(rows: Row[]): string {
  const threads = [...new Set(rows.flatMap((r) => r.pytorch.map((p) => p.threads)))].sort((a, b) => a - b);
  const header = ["layer", "size", "autograd ms", "bptt ms", "ratio", "autograd MiB", "bptt MiB", "grad diff", "growth B", ...threads.map((t) => `PyTorch ${t}t ms`), ...(threads.length ? ["bptt/PyTorch"] : [])];
  const body = rows.map((r) => [
    LABEL[r.mode], sizeLabel(r.size),
    r.autograd.medianMs.toFixed(2), r.bptt.medianMs.toFixed(2),
    `${r.ratio.toFixed(2)}×${r.ratio <= RATIO_TARGET ? "" : " !"}`,
    mib(r.autograd.peakBytes), mib(r.bptt.peakBytes),
    r.gradDiff.toExponential(1),
    String(r.growth.bytesInUse + r.growth.memoryBytes),
    ...threads.map((t) => r.pytorch.find((p) => p.threads === t)?.medianMs.toFixed(2) ?? "—"),
    ...(threads.length ? [bestRatio(r)] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [
    line(header),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...body.map(line),
    "",
    "ms: median of one training step (zero grads, forward, loss L = Σ output⊙R, backward, SGD lr 0.01), wasm float32.",
    `ratio: autograd ms / bptt ms; target ≤ ${RATIO_TARGET}× (a ! marks a miss).`,
    "MiB: peak WebAssembly memory of each: what it keeps between steps (weights, grads, inputs, workspace)",
    "     plus the most one step adds on top.",
    "grad diff: worst over parameters of max|g_autograd − g_bptt| / max|g_bptt|, first step, same weights.",
    "growth B: WebAssembly bytes in use plus memory size gained from after warm-up to the end (must be 0).",
    ...(threads.length ? [
      "PyTorch Nt ms: PyTorch's median step on the same problem (same loss and SGD) with N torch and OpenBLAS",
      "     threads, run in this benchmark between the tapegrad rounds.",
      "bptt/PyTorch: manual BPTT (one thread) over PyTorch's best thread count in this run.",
    ] : []),
  ].join("\n");
}
