/**
 * Panel 5: speed in this browser. The kernel benchmark's quick cases (GFLOP/s or ns per element)
 * and one training step of the layer benchmark's tasks, timed in the worker, with the kernel
 * build the browser chose and the thread count. `pnpm bench:kernels` / `pnpm bench:layers` are
 * the Node counterparts; examples/web/speed/compare.ts runs both engines in one session.
 */
import type { KernelFigure, LayerFigure } from "../speed/speed-suite.ts";
import { el, table, urlParam } from "./dom.ts";
import { Panel } from "./panel.ts";

export interface SpeedPanelState {
  kernels: KernelFigure[];
  layers: LayerFigure[];
  build: string | null;
  threads: number | null;
  /** matmul NN 512 on every thread vs one (cross-origin isolated pages only). */
  threadedMatmul: { size: string; threads: number; oneThread: number; threaded: number; identical: boolean } | null;
}

const BUILD_NAMES: Record<string, string> = { relaxed: "relaxed SIMD (FMA)", simd: "SIMD128", scalar: "scalar" };

export function speedPanel(): { panel: Panel; state: SpeedPanelState } {
  const panel = new Panel("speed", "Speed in this browser", "The kernel benchmark's quick cases and one training step (forward, backward, SGD) of the layer benchmark's tasks, timed in a worker in this browser: best of 3 rounds per kernel, median step per task.");
  const state: SpeedPanelState = { kernels: [], layers: [], build: null, threads: null, threadedMatmul: null };
  const kernels = el("div");
  const layers = el("div");
  const threaded = el("div");
  const tasks = urlParam("speed.tasks");
  const roundMs = urlParam("speed.roundMs");
  const draw = () => {
    kernels.replaceChildren(table(["kernel", "size", "speed"], state.kernels.map((k) => [k.kernel, k.size, `${k.value.toFixed(k.unit === "GFLOP/s" ? 1 : 2)} ${k.unit}`]), { "data-table": "speed-kernels" }));
    layers.replaceChildren(table(["task (layer benchmark)", "median ms/step", "min ms", "steps"], state.layers.map((l) => [l.task, l.medianMs.toFixed(2), l.minMs.toFixed(2), l.steps]), { "data-table": "speed-layers" }));
  };
  panel.section.append(
    el(
      "div",
      { class: "controls" },
      panel.button("Measure", () =>
        void panel.run("measuring", async () => {
          state.kernels = [];
          state.layers = [];
          draw();
          const r = await panel.worker.request<SpeedPanelState>("speed/run", { ...(tasks ? { tasks: tasks.split(",") } : {}), ...(roundMs ? { roundMs: Number(roundMs) } : {}) }, (p: { kind: string; figure: KernelFigure | LayerFigure }) => {
            if (p.kind === "kernel") state.kernels.push(p.figure as KernelFigure);
            else state.layers.push(p.figure as LayerFigure);
            panel.status.textContent = `measured ${"kernel" in p.figure ? `${p.figure.kernel} ${p.figure.size}` : p.figure.task}`;
            draw();
          });
          state.build = r.build;
          state.threads = r.threads;
          state.threadedMatmul = r.threadedMatmul;
          const t = r.threadedMatmul;
          threaded.replaceChildren(
            t
              ? table(["matmul NN ('shared' build)", "1 thread", `${t.threads} threads`, "same result"], [[`${t.size}³`, `${t.oneThread.toFixed(1)} GFLOP/s`, `${t.threaded.toFixed(1)} GFLOP/s`, t.identical ? "bitwise" : "NO"]], { "data-table": "speed-threads" })
              : el("p", {}, "One thread: this page is not cross-origin isolated (no SharedArrayBuffer), so the kernels cannot share memory with worker threads."),
          );
          panel.status.textContent = `kernels: ${BUILD_NAMES[r.build ?? ""] ?? r.build} build · threads: ${r.threads}`;
        }), { name: "measure" }),
      panel.cancelButton(),
    ),
    panel.status,
    panel.error,
    el("div", { class: "charts" }, kernels, layers),
    threaded,
  );
  return { panel, state };
}
