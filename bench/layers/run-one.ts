// Measures one library on one task in a process of its own, and prints the timing as one JSON
// line. The layer benchmark runs every measurement this way: libraries loaded side by side in one
// process disturb each other (with tfjs merely imported, tapegrad's first ~100 steps ran ~1.8×
// slower than in a process of its own), and a fresh process gives each the same start.
//   node --import tsx bench/layers/run-one.ts LIBRARY TASK STEPS BUDGET_MS
import { TASKS } from "./tasks";
import { timeSteps } from "./timing";

const [library, taskName, stepsText, budgetText] = process.argv.slice(2);
const task = TASKS.find((t) => t.name === taskName);
if (!task) throw new Error(`run-one: unknown task '${taskName}'`);

async function trainer(): Promise<{ step: () => unknown; memoryMiB?: () => number; build?: string } | null> {
  switch (library) {
    case "tapegrad": {
      const { tapegradTrainer } = await import("./tapegrad");
      const { defaultKernels, detectBuild } = await import("@tapegrad/kernels");
      return { ...tapegradTrainer(task!), memoryMiB: () => defaultKernels().stats().memoryBytes / 2 ** 20, build: detectBuild() };
    }
    case "tfjs-layers wasm":
    case "tfjs-layers cpu": {
      const { tfjsTrainer, useTfjsBackend } = await import("./tfjs");
      await useTfjsBackend(library.endsWith("wasm") ? "wasm" : "cpu");
      return tfjsTrainer(task!);
    }
    case "brain.js": {
      const { brainTrainer } = await import("./brain");
      return brainTrainer(task!);
    }
    default:
      throw new Error(`run-one: unknown library '${library}'`);
  }
}

const t = await trainer();
if (t === null) {
  console.log(JSON.stringify(null));
} else {
  // Warm-up by time as well as by count, the same for every library: JIT tiering of the JS and
  // of the wasm takes a while whatever the step costs.
  const timing = await timeSteps(t.step, { warmup: 3, warmupMs: 1500, steps: Number(stepsText), maxMs: Number(budgetText) });
  const memory = t.memoryMiB?.();
  const note = memory === undefined ? undefined : `WASM memory ${memory.toFixed(0)} MiB, ${t.build} build`;
  console.log(JSON.stringify({ ...timing, note }));
}
