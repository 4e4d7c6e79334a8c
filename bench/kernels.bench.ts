// Kernel benchmark: tapegrad's wasm SIMD kernels against their TypeScript twins and
// tfjs-backend-wasm, side by side in one process on the same data.
//   pnpm bench:kernels [--quick] [--json FILE] [--filter TEXT]
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { defaultKernels } from "@tapegrad/kernels";
import { allCases, IMPLS, type Case, type Impl } from "./lib/cases";
import { formatTable, speedup, valueOf, type Measured, type Row } from "./lib/report";
import { loadTfjsWasm, type Tf } from "./lib/tfjs";
import { formatTransposed, measureTransposed } from "./lib/transposed";
import { formatThreaded, measureThreaded } from "./lib/threaded-matmul";
import { FULL, QUICK, SLOW_CALL, time, type TimingProfile } from "./lib/timing";
import { parseCommandLine } from "../scripts/command-line.ts";

interface Options { quick: boolean; json: string | null; filter: string | null }

const COMMAND = {
  command: "pnpm bench:kernels",
  description: "Kernels: wasm SIMD against the TypeScript twins and tfjs-backend-wasm, alternating in one process.",
  flags: {
    quick: { type: "boolean", default: false, description: "fewer rounds and only the quick cases" },
    json: { type: "string", value: "FILE", description: "also write the results as JSON" },
    filter: { type: "string", value: "TEXT", description: 'only cases whose "kernel size" contains TEXT' },
  },
} as const;

function parseArgs(argv: string[]): Options {
  const { values } = parseCommandLine(COMMAND, argv);
  return { quick: values.quick, json: values.json ?? null, filter: values.filter ?? null };
}

function maxAbsDiff(x: Float32Array, y: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  return x.length === y.length ? worst : Infinity;
}

// The implementations take turns within each case, in rounds (A B C, then C B A, …); each round
// is a Benchmark.js median and each figure the best round. This shared machine has dips of a few
// seconds that halve whatever runs in them; they only ever slow a round down, so the best round
// is the implementation's undisturbed speed, for tapegrad and tfjs alike.
const ROUNDS = 5;

function measureCase(c: Case, tf: Tf, profile: TimingProfile): Row {
  const results = {} as Record<Impl, Measured>;
  const outputs: Partial<Record<Impl, Float32Array>> = {};
  const runners: Partial<Record<Impl, { run: () => void; dispose: () => void; profile: TimingProfile }>> = {};
  try {
    for (const impl of IMPLS) {
      const prepare = c.prepare[impl];
      if (typeof prepare === "string") {
        results[impl] = { skipped: prepare };
        continue;
      }
      const runner = prepare(tf);
      const started = performance.now();
      outputs[impl] = runner.result();
      const once = (performance.now() - started) / 1000;
      // A call of a quarter second or more (tfjs with a transposed operand at n = 1024) is timed
      // over three calls only, or the full run would take minutes.
      const own = once > 0.25 ? SLOW_CALL : { ...profile, maxTime: profile.maxTime / ROUNDS };
      runners[impl] = { run: runner.run, dispose: runner.dispose, profile: own };
    }
    const seconds: Partial<Record<Impl, number[]>> = {};
    const timed = IMPLS.filter((impl) => runners[impl]);
    for (let round = 0; round < ROUNDS; round++) {
      for (const impl of round % 2 ? [...timed].reverse() : timed) {
        const r = runners[impl]!;
        // Slow calls are timed once, in the first round.
        if (r.profile === SLOW_CALL && round > 0) continue;
        (seconds[impl] ??= []).push(time(`${c.kernel} ${c.size} ${impl}`, r.run, r.profile).seconds);
      }
    }
    for (const impl of timed) {
      const s = Math.min(...seconds[impl]!);
      results[impl] = { timing: { seconds: s, samples: seconds[impl]!.length, rme: 0 }, value: valueOf(c.unit, c.work, s) };
    }
  } finally {
    for (const impl of IMPLS) runners[impl]?.dispose();
  }
  const diff = outputs.tapegrad && outputs.tfjs ? maxAbsDiff(outputs.tapegrad, outputs.tfjs) : null;
  return { kernel: c.kernel, size: c.size, unit: c.unit, work: c.work, results, speedupVsTfjs: speedup(results), maxDiffVsTfjs: diff };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const profile = options.quick ? QUICK : FULL;
  const tf = await loadTfjsWasm();
  const build = defaultKernels().build;
  const cases = allCases().filter((c) =>
    (!options.quick || c.quick) && (!options.filter || `${c.kernel} ${c.size}`.includes(options.filter)));
  console.error(`bench:kernels: ${cases.length} cases, tapegrad '${build}' build, tfjs '${tf.getBackend()}' backend, ` +
    `${options.quick ? "quick" : "full"} run`);
  const started = performance.now();
  const rows: Row[] = [];
  for (const c of cases) {
    const row = measureCase(c, tf, profile);
    rows.push(row);
    const ratio = row.speedupVsTfjs === null ? "" : `  ${row.speedupVsTfjs.toFixed(2)}× tfjs`;
    console.error(`  ${c.kernel} ${c.size}${ratio}`);
    // Float32 sums in a different order differ by ~k·eps; a large gap means a wrong result.
    if (row.maxDiffVsTfjs !== null && !(row.maxDiffVsTfjs < 1e-3 * Math.max(1, Math.sqrt(c.work) / 100))) {
      console.error(`  warning: ${c.kernel} ${c.size}: tapegrad and tfjs differ by up to ${row.maxDiffVsTfjs}`);
    }
  }
  const transposedSizes = options.quick ? [256] : [256, 1024];
  const transposed = !options.filter || "transposed".includes(options.filter) ? measureTransposed(transposedSizes, profile) : [];
  const threadCounts = [1, 2];
  const threaded = !options.filter || "threads".includes(options.filter) ? await measureThreaded(options.quick ? [512] : [192, 256, 384, 1024], threadCounts, profile) : [];
  const seconds = (performance.now() - started) / 1000;
  console.log(formatTable(rows));
  if (transposed.length) console.log(`\n${formatTransposed(transposed)}`);
  if (threaded.length) console.log(`\n${formatThreaded(threaded, threadCounts)}`);
  console.log(`\n${rows.length} cases in ${seconds.toFixed(1)} s; best of 5 alternating rounds, each the median over Benchmark.js samples; ` +
    `${cpus().length} cores, Node ${process.versions.node}, one thread.`);
  if (options.json) {
    const report = {
      date: new Date().toISOString(), node: process.versions.node, cpu: cpus()[0]?.model ?? "unknown",
      cores: cpus().length, tapegradBuild: build, tfjsBackend: tf.getBackend(),
      run: options.quick ? "quick" : "full", profile, rows, transposed, threaded,
    };
    writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
    console.error(`bench:kernels: wrote ${options.json}`);
  }
}

await main();
