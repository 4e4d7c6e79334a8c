// Layer benchmark (issue 6): one training step (forward, backward, SGD update) of the same
// recurrent model in tapegrad and its JavaScript peers, measured in one run.
//   pnpm bench:layers [--json FILE] [--quick] [--full]
// --quick: fewer steps, no cpu backend; --full: also the slow peers on the large task.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { defaultKernels } from "@tapegrad/kernels";
import { brainTrainer } from "./layers/brain";
import { TASKS, type Task } from "./layers/tasks";
import { tapegradTrainer } from "./layers/tapegrad";
import { tfjsTrainer, useTfjsBackend } from "./layers/tfjs";
import { timeSteps, type StepTiming } from "./layers/timing";

const { values: args } = parseArgs({ options: { json: { type: "string" }, quick: { type: "boolean" }, full: { type: "boolean" } } });
const steps = args.quick ? 5 : 15;

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

async function measure(task: Task, library: string, make: () => { step: () => unknown } | null, budgetMs: number, note?: string) {
  const trainer = make();
  if (!trainer) return;
  const t: StepTiming = await timeSteps(trainer.step, { warmup: 2, steps, maxMs: budgetMs });
  rows.push({ task: task.name, library, medianMs: t.medianMs, minMs: t.minMs, steps: t.steps, note });
  (trainer as { dispose?: () => void }).dispose?.();
  console.error(`  ${task.name.padEnd(16)} ${library.padEnd(18)} ${t.medianMs.toFixed(1).padStart(8)} ms`);
}

for (const task of TASKS) {
  const kernels = defaultKernels();
  await measure(task, "tapegrad (wasm)", () => tapegradTrainer(task), 20_000);
  const grown = kernels.stats().memoryBytes;
  rows[rows.length - 1].note = `WASM memory after: ${(grown / 2 ** 20).toFixed(0)} MiB`;
  await useTfjsBackend("wasm");
  await measure(task, "tfjs-layers wasm", () => tfjsTrainer(task), 20_000);
  if (!args.quick && (!task.large || args.full)) {
    await useTfjsBackend("cpu");
    await measure(task, "tfjs-layers cpu", () => tfjsTrainer(task), 30_000);
  }
  if (!args.quick) {
    await measure(task, "brain.js", () => brainTrainer(task), 20_000, "LSTMTimeStep, 32 sequences one by one, 8→8 next-step loss");
  }
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
