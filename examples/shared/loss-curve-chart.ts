/** Training/validation loss curves: the picture every example's trainer writes at the end. */
import type { TopLevelSpec } from "vega-lite";

export interface LossCurves {
  /** Loss after each epoch on the training data (index 0 is epoch 1). */
  train: readonly number[];
  /** Loss after each epoch on the validation data; may be shorter or empty. */
  validation?: readonly number[];
  /** Y-axis title, e.g. "MSE (normalised)" or "bits per character". */
  metricName?: string;
  title?: string;
}

/** Builds a Vega-Lite line chart of the curves from plain arrays. */
export function lossCurveSpec(curves: LossCurves): TopLevelSpec {
  const values: { epoch: number; loss: number; split: string }[] = [];
  curves.train.forEach((loss, i) => values.push({ epoch: i + 1, loss, split: "training" }));
  (curves.validation ?? []).forEach((loss, i) => values.push({ epoch: i + 1, loss, split: "validation" }));
  if (values.length === 0) throw new Error("lossCurveSpec: expected at least one loss value, got none");
  for (const v of values) {
    if (!Number.isFinite(v.loss)) throw new Error(`lossCurveSpec: ${v.split} loss at epoch ${v.epoch} is ${v.loss}, expected a finite number`);
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: curves.title ?? "Loss per epoch",
    width: 560,
    height: 300,
    data: { values },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "epoch", type: "quantitative", title: "epoch", axis: { tickMinStep: 1 } },
      y: { field: "loss", type: "quantitative", title: curves.metricName ?? "loss", scale: { zero: false } },
      color: { field: "split", type: "nominal", title: null, scale: { domain: ["training", "validation"], range: ["#1f77b4", "#ff7f0e"] } },
    },
  };
}
