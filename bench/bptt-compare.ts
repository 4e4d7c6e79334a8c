// Manual BPTT against the nn layers through autograd and against PyTorch: one training step of RNN,
// LSTM and GRU at a small and a large size, both tapegrad implementations in the same run on the
// wasm backend, PyTorch (1 and 2 threads) in processes of its own before and after them. Prints the
// median step time of each, their ratio, peak WebAssembly memory, the worst gradient difference and
// the memory growth across steps; writes the same as JSON.
//   pnpm compare [--quick] [--json FILE] [--case lstm:small] [--relaxed-simd]   (pnpm bench:bptt is the same)
// --relaxed-simd turns on Node 20's relaxed SIMD before the kernels load, so they run their
// fused multiply-add build (newer engines have it on by default).
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { setFlagsFromString } from "node:v8";
import type { Mode } from "@tapegrad/bptt";
import { defaultKernels } from "@tapegrad/kernels";
import { measurePair, type Schedule } from "./bptt-compare/measure";
import { formatTable, RATIO_TARGET, sizeLabel, type Row } from "./bptt-compare/report";
import { findPytorch, runPytorch, type PytorchTiming } from "./lib/pytorch";
import { LEARNING_RATE, makeProblem, type Size } from "./bptt-compare/runners";
import { parseCommandLine, usageFailure } from "../scripts/command-line.ts";

interface Options { quick: boolean; json: string | null; cases: string[]; relaxedSimd: boolean }

const SIZES: Size[] = [
  { name: "small", batch: 32, seq: 50, input: 8, hidden: 64 },
  { name: "large", batch: 64, seq: 100, input: 32, hidden: 128 },
];
const MODES: Mode[] = ["rnn_tanh", "lstm", "gru"];
const CASE_NAMES: Record<Mode, string> = { rnn_tanh: "rnn", rnn_relu: "rnn_relu", lstm: "lstm", gru: "gru" };
const PYTORCH_CELL = { rnn_tanh: "rnn", lstm: "lstm", gru: "gru" } as const;
const PYTORCH_THREADS = [1, 2];

const FULL: Record<string, Schedule> = {
  small: { warmup: 5, warmupMs: 500, rounds: 8, stepsPerRound: 6 },
  large: { warmup: 3, warmupMs: 500, rounds: 4, stepsPerRound: 3 },
};
const QUICK: Schedule = { warmup: 2, warmupMs: 0, rounds: 2, stepsPerRound: 2 };

function parseArgs(argv: string[]): Options {
  const all = MODES.flatMap((m) => SIZES.map((s) => `${CASE_NAMES[m]}:${s.name}`));
  const command = {
    command: "pnpm compare",
    description: "Autograd against hand-written BPTT: one training step of RNN, LSTM and GRU at two sizes, same run.",
    flags: {
      quick: { type: "boolean", default: false, description: "fewer steps" },
      json: { type: "string", value: "FILE", description: "also write the results as JSON" },
      case: { type: "string", multiple: true, value: "NAME", description: `only this case (repeatable): ${all.join(", ")}` },
      "relaxed-simd": { type: "boolean", default: false, description: "turn on Node 20's relaxed SIMD so the kernels run their FMA build" },
    },
  } as const;
  const { values } = parseCommandLine(command, argv);
  const cases = values.case ?? [];
  for (const c of cases) {
    if (!all.includes(c)) usageFailure(command, `--case: unknown case "${c}"; expected one of ${all.join(", ")}`);
  }
  return { quick: values.quick, json: values.json ?? null, cases, relaxedSimd: values["relaxed-simd"] };
}

function median(sorted: number[]): number {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  // Before the first defaultKernels(): the build is picked when the instance is made.
  if (options.relaxedSimd) setFlagsFromString("--experimental-wasm-relaxed-simd");
  const k = defaultKernels();
  console.log(`bptt vs autograd: one training step, wasm float32 (${k.build} build), ${cpus()[0]?.model ?? "unknown CPU"}, node ${process.version}`);
  const pytorch = findPytorch();
  console.log("missing" in pytorch ? pytorch.missing : `PyTorch ${pytorch.torch}, ${pytorch.blas}${pytorch.note ? ` (${pytorch.note})` : ""}`);
  const rows: Row[] = [];
  for (const size of SIZES) {
    for (const mode of MODES) {
      if (options.cases.length && !options.cases.includes(`${CASE_NAMES[mode]}:${size.name}`)) continue;
      const schedule = options.quick ? QUICK : FULL[size.name];
      // PyTorch runs before and after tapegrad's rounds (threads in reverse order after), so a slow
      // spell of the machine is shared; its figures pool both runs.
      const torchRuns = new Map<number, PytorchTiming[]>(PYTORCH_THREADS.map((t) => [t, []]));
      const runTorch = (order: number[]) => {
        if ("missing" in pytorch) return;
        const step = { cell: PYTORCH_CELL[mode as keyof typeof PYTORCH_CELL], ...size, loss: "readout" as const };
        const steps = schedule.rounds * schedule.stepsPerRound;
        for (const t of order) torchRuns.get(t)!.push(runPytorch(step, t, { steps: Math.ceil(steps / 2), budgetMs: 20_000, warmupMs: schedule.warmupMs }));
      };
      runTorch(PYTORCH_THREADS);
      const r = measurePair(makeProblem(mode, size, 1234), schedule);
      runTorch([...PYTORCH_THREADS].reverse());
      const torch = [...torchRuns].filter(([, runs]) => runs.length).map(([threads, runs]) => {
        const times = runs.flatMap((x) => x.times).sort((a, b) => a - b);
        return { threads, medianMs: median(times), minMs: times[0], maxMs: times[times.length - 1] };
      });
      rows.push({ mode, size, pytorch: torch, ...r });
      console.log(`  ${CASE_NAMES[mode]} ${sizeLabel(size)}: autograd ${r.autograd.medianMs.toFixed(2)} ms, bptt ${r.bptt.medianMs.toFixed(2)} ms, ` +
        `loss ${r.autograd.loss.toPrecision(7)} / ${r.bptt.loss.toPrecision(7)} (${r.autograd.steps} steps each)`);
    }
  }
  console.log(`\n${formatTable(rows)}`);
  const misses = rows.filter((r) => r.ratio > RATIO_TARGET).length;
  const grown = rows.filter((r) => r.growth.bytesInUse !== 0 || r.growth.memoryBytes !== 0);
  console.log(`\nautograd within ${RATIO_TARGET}× of bptt: ${rows.length - misses} of ${rows.length} rows.`);
  console.log(grown.length ? `memory grew after warm-up in: ${grown.map((r) => `${CASE_NAMES[r.mode]}:${r.size.name}`).join(", ")}` : "memory growth after warm-up: 0 bytes in every row.");
  if (options.json) {
    const report = {
      date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, build: k.build, quick: options.quick, pytorch,
      step: `zero grads, forward, L = sum(output * R) with R ~ U(-1, 1)/(T*B), backward, SGD lr ${LEARNING_RATE}`,
      ratioTarget: RATIO_TARGET, rows,
    };
    writeFileSync(options.json, JSON.stringify(report, null, 2));
    console.log(`wrote ${options.json}`);
  }
}

main();
