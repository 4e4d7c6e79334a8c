/** Validation exact match per epoch, one line per model: how fast each variant learns. */
import type { TopLevelSpec } from "vega-lite";

/** Builds a Vega-Lite line chart from `{ model name: accuracy after epoch 1, 2, … }`. */
export function accuracyCurvesSpec(curves: Record<string, readonly number[]>, title = "Validation exact match"): TopLevelSpec {
  const values = Object.entries(curves).flatMap(([model, accs]) => accs.map((accuracy, i) => ({ model, epoch: i + 1, accuracy })));
  if (values.length === 0) throw new Error("accuracyCurvesSpec: expected at least one model with one epoch, got none");
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width: 420,
    height: 240,
    data: { values },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "epoch", type: "quantitative", title: "epoch", axis: { tickMinStep: 1 } },
      y: { field: "accuracy", type: "quantitative", title: "exact match (validation)", scale: { domain: [0, 1] }, axis: { format: "%" } },
      color: { field: "model", type: "nominal", title: null },
    },
  };
}
