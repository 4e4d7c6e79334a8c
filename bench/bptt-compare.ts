// Manual BPTT against the nn layers through autograd: one training step of RNN, LSTM and GRU at a
// small and a large size, both implementations in the same run on the wasm backend. Prints the
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
import { formatTable, PYTORCH_MS, RATIO_TARGET, sizeLabel, type Row } from "./bptt-compare/report";
import { LEARNING_RATE, makeProblem, type Size } from "./bptt-compare/runners";
import { parseCommandLine, usageFailure } from "../scripts/command-line.ts";

interface Options { quick: boolean; json: string | null; cases: string[]; relaxedSimd: boolean }

const SIZES: Size[] = [
  { name: "small", batch: 32, seq: 50, input: 8, hidden: 64 },
  { name: "large", batch: 64, seq: 100, input: 32, hidden: 128 },
];
const MODES: Mode[] = ["rnn_tanh", "lstm", "gru"];
const CASE_NAMES: Record<Mode, string> = { rnn_tanh: "rnn", rnn_relu: "rnn_relu", lstm: "lstm", gru: "gru" };

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

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  // Before the first defaultKernels(): the build is picked when the instance is made.
  if (options.relaxedSimd) setFlagsFromString("--experimental-wasm-relaxed-simd");
  const k = defaultKernels();
  console.log(`bptt vs autograd: one training step, wasm float32 (${k.build} build), ${cpus()[0]?.model ?? "unknown CPU"}, node ${process.version}`);
  const rows: Row[] = [];
  for (const size of SIZES) {
    for (const mode of MODES) {
      if (options.cases.length && !options.cases.includes(`${CASE_NAMES[mode]}:${size.name}`)) continue;
      const schedule = options.quick ? QUICK : FULL[size.name];
      const r = measurePair(makeProblem(mode, size, 1234), schedule);
      rows.push({ mode, size, pytorchMs: PYTORCH_MS[mode]?.[size.name] ?? null, ...r });
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
      date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, build: k.build, quick: options.quick,
      step: `zero grads, forward, L = sum(output * R) with R ~ U(-1, 1)/(T*B), backward, SGD lr ${LEARNING_RATE}`,
      ratioTarget: RATIO_TARGET, rows,
    };
    writeFileSync(options.json, JSON.stringify(report, null, 2));
    console.log(`wrote ${options.json}`);
  }
}

main();
