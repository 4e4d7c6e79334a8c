// Layer benchmark (issue 6): one training step (forward, backward, SGD update) of the same
// recurrent model in tapegrad and its JavaScript peers, measured in one run, each library in a
// process of its own.
//   pnpm bench:layers [--json FILE] [--quick] [--full]
// --quick: fewer steps, no cpu backend; --full: also the slow peers on the large task.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseCommandLine } from "../scripts/command-line.ts";
import { TASKS, type Task } from "./layers/tasks";
import type { StepTiming } from "./layers/timing";

const { values: args } = parseCommandLine({
  command: "pnpm bench:layers",
  description: "One training step of LSTM/GRU/SimpleRNN in tapegrad, tfjs-layers (wasm, cpu) and brain.js,\neach library in a process of its own.",
  flags: {
    json: { type: "string", value: "FILE", description: "also write the results as JSON" },
    quick: { type: "boolean", default: false, description: "fewer steps, no cpu backend" },
    full: { type: "boolean", default: false, description: "also the slow peers on the large task" },
  },
});
const steps = args.quick ? 5 : 15;
const runOne = fileURLToPath(new URL("./layers/run-one.ts", import.meta.url));

/** PyTorch 1.13 CPU, OpenBLAS, one thread, measured on this machine (issue 6). */
const PYTORCH_MS: Record<string, number> = { "LSTM small": 12.5, "GRU small": 11.6, "SimpleRNN small": 5.9, "LSTM large": 81 };

interface Row {
  task: string;
  library: string;
  medianMs: number | null;
  minMs?: number;
  steps?: number;
  note?: string;
}

const rows: Row[] = [];

/** Runs one library on one task in a fresh process (see layers/run-one.ts for why). */
function measure(task: Task, library: string, budgetMs: number, note?: string): void {
  const out = execFileSync(process.execPath, ["--import", "tsx", runOne, library, task.name, String(steps), String(budgetMs)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const t = JSON.parse(out.trim().split("\n").pop()!) as (StepTiming & { note?: string }) | null;
  if (t === null) return;
  rows.push({ task: task.name, library, medianMs: t.medianMs, minMs: t.minMs, steps: t.steps, note: t.note ?? note });
  console.error(`  ${task.name.padEnd(16)} ${library.padEnd(18)} ${t.medianMs.toFixed(1).padStart(8)} ms`);
}

for (const task of TASKS) {
  measure(task, "tapegrad (wasm)", 20_000);
  measure(task, "tfjs-layers wasm", 20_000);
  if (!args.quick && (!task.large || args.full)) measure(task, "tfjs-layers cpu", 30_000);
  if (!args.quick) measure(task, "brain.js", 20_000, "LSTMTimeStep, 32 sequences one by one, 8→8 next-step loss");
}

const pad = (s: string, n: number) => s.padEnd(n);
console.log(`\n${pad("task", 17)}${pad("library", 19)}${"ms/step".padStart(9)}${"vs tfjs-wasm".padStart(14)}${"vs PyTorch".padStart(12)}`);
for (const r of rows) {
  const tfjs = rows.find((o) => o.task === r.task && o.library === "tfjs-layers wasm")?.medianMs;
  const ratio = tfjs && r.medianMs ? `${(tfjs / r.medianMs).toFixed(1)}× faster` : "";
  const torch = r.medianMs ? `${(r.medianMs / PYTORCH_MS[r.task]).toFixed(2)}×` : "";
  console.log(`${pad(r.task, 17)}${pad(r.library, 19)}${(r.medianMs?.toFixed(1) ?? "-").padStart(9)}${ratio.padStart(14)}${torch.padStart(12)}`);
}
console.log("\nvs PyTorch: time relative to PyTorch 1.13 CPU (OpenBLAS, 1 thread) measured here; lower is better.");
console.log("Same model, data, loss (MSE of Dense(1) on the last step) and SGD(lr 0.01) for tapegrad and tfjs; brain.js differs (see note).");
if (args.json) {
  writeFileSync(args.json, JSON.stringify({ date: new Date().toISOString(), node: process.version, pytorchMs: PYTORCH_MS, rows }, null, 2));
  console.log(`wrote ${args.json}`);
}
