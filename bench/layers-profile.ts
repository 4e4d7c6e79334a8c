// Profiles tapegrad's training step of one layer task (issue 6):
//   node --cpu-prof --cpu-prof-dir=DIR --import tsx bench/layers-profile.ts [task] [steps] [--plain]
// Prints the median step time and WASM memory growth after warm-up; --plain uses the plain-op
// cells instead of the fused ones.
import { defaultKernels } from "@tapegrad/kernels";
import { integerFlag, parseCommandLine } from "../scripts/command-line.ts";
import { TASKS } from "./layers/tasks";
import { tapegradTrainer } from "./layers/tapegrad";

const { values, positionals } = parseCommandLine({
  command: "node --cpu-prof --import tsx bench/layers-profile.ts",
  description: "Profiles tapegrad's training step of one layer task (TASK, default \"LSTM small\"; STEPS, default 30).",
  flags: { plain: { type: "boolean", default: false, description: "use the plain-op cells instead of the fused ones" } },
  positionals: { usage: "[TASK] [STEPS]", max: 2 },
});
const name = positionals[0] ?? "LSTM small";
const steps = integerFlag("STEPS", positionals[1] ?? "30", 1);
const fusedCells = !values.plain;
const task = TASKS.find((t) => t.name.toLowerCase().startsWith(name.toLowerCase()));
if (!task) throw new Error(`layers-profile: no task named '${name}' (have ${TASKS.map((t) => t.name).join(", ")})`);
const trainer = tapegradTrainer(task, { fusedCells });
for (let i = 0; i < 3; i++) await trainer.step();
const kernels = defaultKernels();
const before = kernels.stats().memoryBytes;
const times: number[] = [];
const cpu0 = process.cpuUsage();
for (let i = 0; i < steps; i++) {
  const t0 = performance.now();
  await trainer.step();
  times.push(performance.now() - t0);
}
const cpu = process.cpuUsage(cpu0);
// CPU time per step: on a shared machine, less disturbed by waiting for a core than wall time.
const cpuMs = (cpu.user + cpu.system) / 1000 / steps;
times.sort((a, b) => a - b);
const grown = kernels.stats().memoryBytes - before;
console.log(`${task.name}${fusedCells ? "" : " (plain cells)"}: median ${times[times.length >> 1].toFixed(2)} ms, min ${times[0].toFixed(2)} ms over ${steps} steps; CPU ${cpuMs.toFixed(2)} ms/step; WASM memory grew ${grown} bytes after warm-up`);
