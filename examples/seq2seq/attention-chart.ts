/** Attention heatmap: which input token each output token looked at, from a plain matrix. */
import type { TopLevelSpec } from "vega-lite";

/**
 * Builds a Vega-Lite heatmap of `weights[out][in]` (rows: output tokens top to bottom,
 * columns: input tokens left to right). Tokens are labelled by position too, because a date
 * repeats characters ("2026") and the axis needs distinct categories.
 */
export function attentionHeatmapSpec(weights: readonly ArrayLike<number>[], inputTokens: readonly string[], outputTokens: readonly string[], title = "Attention"): TopLevelSpec {
  if (weights.length !== outputTokens.length) throw new Error(`attentionHeatmapSpec: expected ${outputTokens.length} rows (one per output token), got ${weights.length}`);
  const label = (tokens: readonly string[]) => tokens.map((t, i) => `${i}:${t === " " ? "␣" : t}`);
  const inLabels = label(inputTokens);
  const outLabels = label(outputTokens);
  const values: { input: string; output: string; weight: number }[] = [];
  weights.forEach((row, o) => {
    if (row.length !== inputTokens.length) throw new Error(`attentionHeatmapSpec: row ${o} has ${row.length} weights, expected ${inputTokens.length} (one per input token)`);
    for (let i = 0; i < row.length; i++) values.push({ input: inLabels[i], output: outLabels[o], weight: row[i] });
  });
  const cell = 18;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width: Math.max(120, cell * inputTokens.length),
    height: Math.max(120, cell * outputTokens.length),
    data: { values },
    mark: "rect",
    encoding: {
      x: { field: "input", type: "ordinal", sort: inLabels, title: "input", axis: { labelAngle: 0, labelExpr: "split(datum.label, ':')[1]" } },
      y: { field: "output", type: "ordinal", sort: outLabels, title: "output", axis: { labelExpr: "split(datum.label, ':')[1]" } },
      color: { field: "weight", type: "quantitative", scale: { scheme: "greys", domain: [0, 1] }, title: "weight" },
    },
  };
}
