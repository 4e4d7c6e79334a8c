/**
 * `pnpm example:long-memory`: RNN, LSTM and GRU on a task decided by the first step of a long
 * sequence (first-step-task.ts). Prints ‖∂L/∂h_t‖ at initialisation and accuracy against sequence
 * length; writes out/gradient-norms.{svg,png}, out/accuracy.{svg,png} and out/results.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type FlagValues, integerFlag, numberFlag, runCommand } from "../../scripts/command-line.ts";
import { writeChart } from "../shared/render-chart.ts";
import { accuracyChartSpec, gradientChartSpec } from "./charts.ts";
import { DEFAULT_STUDY, longMemoryStudy } from "./long-memory-study.ts";

const COMMAND = {
  command: "pnpm example:long-memory",
  description: "RNN vs LSTM vs GRU on remembering the first step of a long sequence: the vanishing gradient, measured.",
  flags: {
    lengths: { type: "string", default: DEFAULT_STUDY.lengths.join(","), value: "N,N,…", description: "sequence lengths to train on" },
    steps: { type: "string", default: String(DEFAULT_STUDY.steps), value: "N", description: "training steps per cell and length" },
    hidden: { type: "string", default: String(DEFAULT_STUDY.hidden), value: "N", description: "hidden units" },
    lr: { type: "string", default: String(DEFAULT_STUDY.lr), value: "X", description: "Adam learning rate" },
    seed: { type: "string", default: String(DEFAULT_STUDY.seed), value: "N", description: "seed of weights and data" },
    out: { type: "string", value: "DIR", description: "output folder (default examples/long-memory/out)" },
  },
} as const;

async function main(values: FlagValues<typeof COMMAND.flags>): Promise<void> {
  const lengths = values.lengths.split(",").map((s) => integerFlag("lengths", s.trim(), 1));
  const o = { ...DEFAULT_STUDY, lengths, steps: integerFlag("steps", values.steps, 1), hidden: integerFlag("hidden", values.hidden, 1), lr: numberFlag("lr", values.lr, 0), seed: integerFlag("seed", values.seed, 0) };
  const outDir = values.out ?? join(fileURLToPath(new URL(".", import.meta.url)), "out");
  const r = await longMemoryStudy(o, (e) => {
    if (e.kind === "gradients") {
      const at = [0, 10, 25, o.gradientLength - 1].filter((t) => t < e.norms.length);
      console.log(`${e.cell.padEnd(4)} ‖∂L/∂h_t‖ at init: ${at.map((t) => `t=${t} ${e.norms[t].toExponential(1)}`).join("  ")}`);
    } else if (e.kind === "trained") {
      console.log(`${e.cell.padEnd(4)} length ${String(e.length).padStart(3)}: accuracy ${(100 * e.accuracy).toFixed(1)} %`);
    }
  });
  mkdirSync(outDir, { recursive: true });
  for (const [name, spec] of [["gradient-norms", gradientChartSpec(r)], ["accuracy", accuracyChartSpec(r, o.steps)]] as const) {
    const { pngPath } = await writeChart(spec, join(outDir, name));
    console.log(`wrote ${pngPath}`);
  }
  writeFileSync(join(outDir, "results.json"), `${JSON.stringify({ settings: o, ...r }, null, 2)}\n`);
  console.log(`wrote ${join(outDir, "results.json")}  (${r.seconds.toFixed(1)} s)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runCommand(COMMAND, main);
