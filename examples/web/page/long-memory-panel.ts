/**
 * Panel 3: long-term dependencies. RNN, LSTM and GRU must report the first of many ±1 steps.
 * Left: ‖∂L/∂h_t‖ at initialisation over t (log scale) — how much of the loss's gradient still
 * reaches step t; right: accuracy after training against sequence length. `pnpm example:long-memory`
 * computes the same study in Node and writes the charts as SVG/PNG.
 */
import { DEFAULT_STUDY, type StudyEvent } from "../../long-memory/long-memory-study.ts";
import type { CellKind } from "../../long-memory/memory-model.ts";
import { el, field, table, urlParam } from "./dom.ts";
import { lineChart } from "./line-chart.ts";
import { Panel } from "./panel.ts";

const COLORS: Record<CellKind, string> = { RNN: "#dc2626", LSTM: "#2563eb", GRU: "#16a34a" };

export interface LongMemoryPanelState {
  gradientNorms: Partial<Record<CellKind, number[]>>;
  accuracy: Partial<Record<CellKind, Record<number, number>>>;
  lengths: number[];
}

export function longMemoryPanel(): { panel: Panel; state: LongMemoryPanelState } {
  const panel = new Panel(
    "long-memory",
    "Long-term dependencies",
    "Every step shows a random ±1; the answer is the FIRST one. To learn it, the gradient of the loss at the end has to reach step 0. In a plain RNN it shrinks by a constant factor at every step back (the vanishing gradient: a straight line on a log scale); an LSTM whose forget gate starts open keeps far more of it; a GRU starts with its update gate half open and loses it almost as fast as the RNN until training opens it.",
  );
  const state: LongMemoryPanelState = { gradientNorms: {}, accuracy: {}, lengths: [] };
  const lengths = el("input", { name: "lengths", type: "text", value: urlParam("memory.lengths") ?? DEFAULT_STUDY.lengths.join(",") });
  lengths.style.width = "120px";
  const steps = el("input", { name: "steps", type: "number", value: urlParam("memory.steps") ?? DEFAULT_STUDY.steps });
  const hidden = el("input", { name: "hidden", type: "number", value: urlParam("memory.hidden") ?? DEFAULT_STUDY.hidden });
  const gradientFigure = el("figure");
  const accuracyFigure = el("figure");
  const results = el("div");

  const draw = () => {
    const cells = Object.keys(state.gradientNorms) as CellKind[];
    const T = Math.max(0, ...cells.map((c) => state.gradientNorms[c]!.length));
    gradientFigure.replaceChildren(
      lineChart({ title: "‖∂L/∂h_t‖ at initialisation (log scale)", logY: true, xLabels: Array.from({ length: T }, (_, t) => t), xTitle: "step t (loss at the last step)", series: cells.map((c) => ({ name: c, values: state.gradientNorms[c]!, color: COLORS[c] })) }),
    );
    const trained = Object.keys(state.accuracy) as CellKind[];
    accuracyFigure.replaceChildren(
      lineChart({ title: "accuracy after training (0.5 = chance)", yRange: [0.4, 1], xLabels: state.lengths, xTitle: "sequence length", series: trained.map((c) => ({ name: c, values: state.lengths.map((n) => state.accuracy[c]![n] ?? NaN), color: COLORS[c] })) }),
    );
    results.replaceChildren(table(["cell", ...state.lengths.map((n) => `length ${n}`)], trained.map((c) => [c, ...state.lengths.map((n) => (state.accuracy[c]![n] === undefined ? "…" : `${(100 * state.accuracy[c]![n]).toFixed(1)} %`))]), { "data-table": "memory-accuracy" }));
  };

  const pause = panel.pauseButton();
  panel.section.append(
    el(
      "div",
      { class: "controls" },
      field("lengths", lengths),
      field("training steps", steps),
      field("hidden", hidden),
      panel.button("Run", () =>
        void panel.run("study", async () => {
          state.gradientNorms = {};
          state.accuracy = {};
          state.lengths = lengths.value.split(",").map((s) => Number(s.trim()));
          await panel.worker.request("long-memory/run", { lengths: state.lengths, steps: Number(steps.value), hidden: Number(hidden.value) }, (e: StudyEvent) => {
            if (e.kind === "gradients") state.gradientNorms[e.cell] = e.norms;
            else if (e.kind === "trained") (state.accuracy[e.cell] ??= {})[e.length] = e.accuracy;
            else {
              panel.status.textContent = `training ${e.cell} on length ${e.length}: step ${e.step}, loss ${e.loss.toFixed(3)}`;
              return;
            }
            draw();
          });
          panel.status.textContent = "done";
        }), { name: "run" }),
      pause,
      panel.cancelButton(),
    ),
    panel.status,
    panel.error,
    el("div", { class: "charts" }, gradientFigure, accuracyFigure),
    results,
  );
  return { panel, state };
}
