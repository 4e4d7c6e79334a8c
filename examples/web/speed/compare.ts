/**
 * Node and headless Chromium side by side in one session: the speed suite (speed-suite.ts) runs
 * in this Node process and in the playground's worker in Chromium, alternating `--rounds` times;
 * each kernel's best and each task's lowest median are printed with the build each engine chose.
 * `npx tsx examples/web/speed/compare.ts [--rounds 2] [--tasks "LSTM small,GRU small"]`
 */
import { fileURLToPath } from "node:url";
import { getNumThreads } from "@tapegrad/kernels";
import { type FlagValues, integerFlag, runCommand } from "../../../scripts/command-line.ts";
import { buildPlayground } from "../build.ts";
import { launchChromium } from "../chromium.ts";
import type { SpeedPanelState } from "../page/speed-panel.ts";
import { startPlaygroundServer } from "../server.ts";
import { DEFAULT_SPEED, type KernelFigure, type LayerFigure, kernelBuild, kernelFigures, layerFigures } from "./speed-suite.ts";

const COMMAND = {
  command: "npx tsx examples/web/speed/compare.ts",
  description: "Kernel and layer figures in Node and in headless Chromium, alternating, in one session.",
  flags: {
    rounds: { type: "string", default: "2", value: "N", description: "alternations of Node and Chromium" },
    tasks: { type: "string", default: DEFAULT_SPEED.tasks.join(","), value: "A,B", description: "layer-benchmark tasks" },
  },
} as const;

type Figures = { kernels: KernelFigure[]; layers: LayerFigure[] };

async function main(values: FlagValues<typeof COMMAND.flags>): Promise<void> {
  const rounds = integerFlag("rounds", values.rounds, 1);
  const tasks = values.tasks.split(",").map((s) => s.trim());
  await buildPlayground();
  const server = await startPlaygroundServer({ port: 0 });
  const browser = await launchChromium();
  const runs: Record<"node" | "chromium", Figures[]> = { node: [], chromium: [] };
  let browserInfo = { build: "?", threads: 0 };
  try {
    for (let r = 0; r < rounds; r++) {
      const o = { ...DEFAULT_SPEED, tasks };
      runs.node.push({ kernels: await kernelFigures(o), layers: await layerFigures(o) });
      const page = await browser.newPage();
      await page.goto(`${server.url}?panel=speed&speed.tasks=${encodeURIComponent(tasks.join(","))}`);
      await page.click('#panel-speed button[data-action="measure"]');
      await page.waitForFunction(() => document.querySelector("#panel-speed")?.getAttribute("data-state") !== "busy", null, { timeout: 600_000 });
      const state = await page.evaluate(() => (window as unknown as { playground: { speed: SpeedPanelState } }).playground.speed);
      const error = await page.textContent("#panel-speed .error");
      if (error) throw new Error(`in Chromium: ${error}`);
      browserInfo = { build: state.build ?? "?", threads: state.threads ?? 0 };
      runs.chromium.push({ kernels: state.kernels, layers: state.layers });
      await page.close();
      console.error(`round ${r + 1}/${rounds} done`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const best = (engine: "node" | "chromium", i: number) => {
    const k = runs[engine].map((f) => f.kernels[i]);
    return k[0].unit === "GFLOP/s" ? Math.max(...k.map((x) => x.value)) : Math.min(...k.map((x) => x.value));
  };
  console.log(`Node ${process.version}: ${kernelBuild()} build, ${getNumThreads()} thread(s) | Chromium (${(await import("node:child_process")).execFileSync("/usr/bin/chromium", ["--version"]).toString().trim()}): ${browserInfo.build} build, ${browserInfo.threads} thread(s); best of ${rounds} alternating rounds`);
  console.log("\n| kernel | size | Node | Chromium | unit |\n|---|---|---|---|---|");
  runs.node[0].kernels.forEach((k, i) => console.log(`| ${k.kernel} | ${k.size} | ${best("node", i).toFixed(2)} | ${best("chromium", i).toFixed(2)} | ${k.unit} |`));
  console.log("\n| training step (layer benchmark) | Node median ms | Chromium median ms |\n|---|---|---|");
  runs.node[0].layers.forEach((l, i) => {
    const low = (engine: "node" | "chromium") => Math.min(...runs[engine].map((f) => f.layers[i].medianMs)).toFixed(2);
    console.log(`| ${l.task} | ${low("node")} | ${low("chromium")} |`);
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runCommand(COMMAND, main);
