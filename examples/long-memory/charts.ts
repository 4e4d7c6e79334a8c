/** Vega-Lite pictures of the study: accuracy against sequence length, ‖∂L/∂h_t‖ against t (log scale). */
import type { TopLevelSpec } from "vega-lite";
import type { StudyResult } from "./long-memory-study.ts";

const COLORS = { domain: ["RNN", "LSTM", "GRU"], range: ["#dc2626", "#2563eb", "#16a34a"] };

/** Accuracy on fresh sequences after training, one line per cell. */
export function accuracyChartSpec(r: StudyResult, steps: number): TopLevelSpec {
  const values = Object.entries(r.accuracy).flatMap(([cell, acc]) => acc.map((accuracy, i) => ({ cell, length: r.lengths[i], accuracy })));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `Remembering the first step: accuracy after ${steps} training steps`,
    width: 480,
    height: 260,
    data: { values },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "length", type: "quantitative", title: "sequence length", scale: { type: "log", base: 2 } },
      y: { field: "accuracy", type: "quantitative", title: "accuracy (0.5 = chance)", scale: { domain: [0.4, 1] } },
      color: { field: "cell", type: "nominal", title: null, scale: COLORS },
    },
  };
}

/** Gradient norm reaching each step from the loss at the end, at initialisation. */
export function gradientChartSpec(r: StudyResult): TopLevelSpec {
  const values = Object.entries(r.gradientNorms).flatMap(([cell, norms]) => norms.map((norm, t) => ({ cell, t, norm: Math.max(norm, 1e-30) })));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "‖∂L/∂h_t‖ at initialisation: how much step t can still learn",
    width: 480,
    height: 260,
    data: { values },
    mark: { type: "line" },
    encoding: {
      x: { field: "t", type: "quantitative", title: "step t (the loss is at the last step)" },
      y: { field: "norm", type: "quantitative", title: "‖∂L/∂h_t‖", scale: { type: "log" } },
      color: { field: "cell", type: "nominal", title: null, scale: COLORS },
    },
  };
}
