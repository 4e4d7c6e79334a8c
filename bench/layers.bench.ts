// Layer benchmark (issues 6, 13): one training step (forward, backward, SGD update) of the same
// recurrent model in tapegrad, PyTorch and tapegrad's JavaScript peers, measured in one run, each
// measurement in a process of its own. tapegrad and PyTorch run at 1 and 2 threads, interleaved:
// every round runs each of them once per thread count, in alternating order, so a slow spell of
// the shared machine hits them alike; their rows pool the steps of all rounds.
//   pnpm bench:layers [--json FILE] [--quick] [--full] [--rounds N]
// --quick: fewer steps, one round, no cpu backend or brain.js; --full: also the slow peers on the
// large task. PyTorch is Debian's python3-torch (`pnpm bench:setup`); without it, one line says so.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { parseCommandLine, usageFailure } from "../scripts/command-line.ts";
import { supportsBuild } from "@tapegrad/kernels";
import { findPytorch, runPytorch } from "./lib/pytorch";
import type { MatmulFloor } from "./layers/matmul-floor";
import { rowFromRuns, type LayerRow, type LayersReport } from "./layers/rows";
import { TASKS, type Task } from "./layers/tasks";
import type { StepTiming } from "./layers/timing";

const command = {
  command: "pnpm bench:layers",
  description: "One training step of LSTM/GRU/SimpleRNN: tapegrad and PyTorch at 1 and 2 threads, interleaved,\nand tfjs-layers (wasm, cpu) and brain.js, each measurement in a process of its own.",
  flags: {
    json: { type: "string", value: "FILE", description: "also write the results as JSON ({ rows: [{ task, library, threads, medianMs, … }] })" },
    quick: { type: "boolean", default: false, description: "fewer steps, one round, no cpu backend or brain.js" },
    full: { type: "boolean", default: false, description: "also the slow peers on the large task" },
    rounds: { type: "string", value: "N", description: "interleaved rounds of tapegrad and PyTorch (default 3, 1 with --quick)" },
    "no-peers": { type: "boolean", default: false, description: "tapegrad and PyTorch only (no tfjs or brain.js)" },
  },
} as const;
const { values: args } = parseCommandLine(command);
const steps = args.quick ? 5 : 15;
const rounds = args.rounds ? Number(args.rounds) : args.quick ? 1 : 3;
if (!Number.isInteger(rounds) || rounds < 1) usageFailure(command, `--rounds: expected a positive integer, got "${args.rounds}"`);
const THREADS = [1, 2];
/** tapegrad's thread counts: its DataParallel step splits the batch over the threads. */
const TAPEGRAD_THREADS = THREADS;
const runOne = fileURLToPath(new URL("./layers/run-one.ts", import.meta.url));
const floorScript = fileURLToPath(new URL("./layers/matmul-floor.ts", import.meta.url));

/** Runs one JavaScript library on one task in a fresh process (see layers/run-one.ts for why). */
function runJs(task: Task, library: string, threads: number, budgetMs: number, nodeFlags: string[] = []): (StepTiming & { note?: string }) | null {
  const out = execFileSync(process.execPath, [...nodeFlags, "--import", "tsx", runOne, library, task.name, String(steps), String(budgetMs)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
    env: { ...process.env, TAPEGRAD_NUM_THREADS: String(threads) },
  });
  return JSON.parse(out.trim().split("\n").pop()!);
}

/**
 * Node 20 validates relaxed SIMD (the fused multiply-add build) only behind a V8 flag; Node ≥ 22
 * and Chrome have it on, and tapegrad then picks that build by itself. Where it is off by default
 * and the flag works, tapegrad also runs with it (rows "tapegrad relaxed-SIMD"; V8 flags hold for
 * the whole process, DataParallel's worker threads included), so the figure a Node 22 or browser
 * user gets is measured here too.
 */
const RELAXED_FLAG = "--experimental-wasm-relaxed-simd";
const relaxedRow = !supportsBuild("relaxed") && flagWorks(RELAXED_FLAG);
function flagWorks(flag: string): boolean {
  try {
    execFileSync(process.execPath, [flag, "-e", "0"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const pytorch = findPytorch();
console.error("missing" in pytorch ? pytorch.missing : `PyTorch ${pytorch.torch}, ${pytorch.blas}${pytorch.note ? ` (${pytorch.note})` : ""}`);

const rows: LayerRow[] = [];
const log = (r: LayerRow) =>
  console.error(`  ${r.task.padEnd(16)} ${r.library.padEnd(22)} ${String(r.threads).padStart(2)} thr ${r.medianMs.toFixed(1).padStart(8)} ms`);

for (const task of TASKS) {
  type Contestant = { library: string; threads: number; run: () => (StepTiming & { note?: string }) | null; runs: StepTiming[]; note?: string };
  const contestants: Contestant[] = TAPEGRAD_THREADS.map((threads) => ({ library: "tapegrad", threads, run: () => runJs(task, "tapegrad", threads, 20_000), runs: [] }));
  if (relaxedRow) {
    for (const threads of TAPEGRAD_THREADS) contestants.push({ library: "tapegrad relaxed-SIMD", threads, run: () => runJs(task, "tapegrad", threads, 20_000, [RELAXED_FLAG]), runs: [] });
  }
  if (!("missing" in pytorch)) {
    const step = { cell: task.cell, batch: task.batch, seq: task.seq, input: task.input, hidden: task.hidden, loss: "last-mse" as const };
    for (const threads of THREADS) contestants.push({ library: "pytorch", threads, run: () => runPytorch(step, threads, { steps, budgetMs: 20_000, warmupMs: 1500 }), runs: [] });
  }
  for (let r = 0; r < rounds; r++) {
    for (const c of r % 2 ? [...contestants].reverse() : contestants) {
      const t = c.run();
      if (t) c.runs.push(t), (c.note = t.note);
    }
  }
  for (const c of contestants) if (c.runs.length) rows.push(rowFromRuns(task.name, c.library, c.threads, c.runs, c.note)), log(rows[rows.length - 1]);
  // The JavaScript peers are 15–100× slower; one run of each on one thread (tfjs has no threads in Node).
  const peers = args["no-peers"] ? [] : ["tfjs-layers wasm", ...(!args.quick && (!task.large || args.full) ? ["tfjs-layers cpu"] : []), ...(args.quick ? [] : ["brain.js"])];
  for (const library of peers) {
    const t = runJs(task, library, 1, library === "tfjs-layers cpu" ? 30_000 : 20_000);
    if (!t) continue;
    const note = library === "brain.js" ? "LSTMTimeStep, 32 sequences one by one, 8→8 next-step loss" : t.note;
    rows.push(rowFromRuns(task.name, library, 1, [t], note));
    log(rows[rows.length - 1]);
  }
}

const pad = (s: string, n: number) => s.padEnd(n);
const best = (task: string, library: string) => Math.min(...rows.filter((o) => o.task === task && o.library === library).map((o) => o.medianMs));
console.log(`\n${pad("task", 17)}${pad("library", 23)}${"threads".padStart(7)}${"ms/step".padStart(9)}${"min–max".padStart(14)}${"tfjs-wasm/this".padStart(16)}${"vs PyTorch".padStart(12)}`);
for (const r of rows) {
  const tfjs = best(r.task, "tfjs-layers wasm");
  const torch = rows.find((o) => o.task === r.task && o.library === "pytorch" && o.threads === r.threads)?.medianMs;
  const spread = `${r.minMs.toFixed(1)}–${r.maxMs.toFixed(1)}`;
  const vsTfjs = Number.isFinite(tfjs) && r.library !== "tfjs-layers wasm" ? `${(tfjs / r.medianMs).toFixed(1)}×` : "";
  const vsTorch = torch && r.library !== "pytorch" ? `${(r.medianMs / torch).toFixed(2)}×` : "";
  console.log(`${pad(r.task, 17)}${pad(r.library, 23)}${String(r.threads).padStart(7)}${r.medianMs.toFixed(1).padStart(9)}${spread.padStart(14)}${vsTfjs.padStart(16)}${vsTorch.padStart(12)}`);
}
// What one thread can reach at best: the large task's matrix products alone, at this run's kernel
// speed (each build tapegrad runs here), beside 1.3 × PyTorch's one-thread step (issue 13's target).
const floorTask = TASKS.find((t) => t.name === "LSTM large")!;
const floors: (MatmulFloor & { task: string })[] = [];
for (const flags of relaxedRow ? [[], [RELAXED_FLAG]] : [[]]) {
  const out = execFileSync(process.execPath, [...flags, "--import", "tsx", floorScript, floorTask.name], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  floors.push({ task: floorTask.name, ...(JSON.parse(out.trim().split("\n").pop()!) as MatmulFloor) });
}
const torchLarge = rows.find((o) => o.task === floorTask.name && o.library === "pytorch" && o.threads === 1)?.medianMs;
console.log(`\n${floorTask.name}, 1 thread: the step's matrix products alone (${floors[0].gflop.toFixed(2)} GFLOP) take`);
for (const f of floors) console.log(`  ${f.ms.toFixed(1)} ms with the ${f.build} build (${f.gflops.toFixed(1)} GFLOP/s, timed on the kernel in this run)`);
if (torchLarge) console.log(`  against 1.3 × PyTorch's 1-thread step = ${(1.3 * torchLarge).toFixed(1)} ms: no one-thread step with these kernels can be faster than its products.`);
if (!args["no-peers"]) console.log("\ntfjs-wasm/this: tfjs-layers (wasm backend) time over this row's: how many times faster than tfjs.");
console.log(`ms/step: median over ${rounds} interleaved run(s) per tapegrad/PyTorch row (each ${steps} steps after warm-up); min–max over all steps.`);
if (!("missing" in pytorch)) console.log("vs PyTorch: time over PyTorch's at the same thread count, measured in this run; lower is better.");
console.log("Same model, data, loss (MSE of Dense(1) on the last step) and SGD(lr 0.01) for tapegrad, PyTorch and tfjs; brain.js differs (see note).");
if (args.json) {
  const report: LayersReport = { date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model ?? "unknown", pytorch, rows, floors };
  writeFileSync(args.json, JSON.stringify(report, null, 2));
  console.log(`wrote ${args.json}`);
}
