/** The test-year picture: actual temp_max against one or more forecasts, from plain arrays. */
import type { TopLevelSpec } from "vega-lite";

export interface ForecastChartInput {
  /** Target dates "YYYY-MM-DD". */
  dates: readonly string[];
  /** Observed values, same length as dates. */
  actual: ArrayLike<number>;
  /** Forecast name → values, e.g. { persistence: [...], LSTM: [...] }. */
  forecasts: Record<string, ArrayLike<number>>;
  title?: string;
  yTitle?: string;
}

/** Builds a Vega-Lite line chart; "actual" is drawn dark and thick, forecasts lighter on top. */
export function forecastChartSpec(input: ForecastChartInput): TopLevelSpec {
  const n = input.dates.length;
  const series: [string, ArrayLike<number>][] = [["actual", input.actual], ...Object.entries(input.forecasts)];
  const values: { date: string; value: number; series: string }[] = [];
  for (const [name, ys] of series) {
    if (ys.length !== n) throw new Error(`forecastChartSpec: series "${name}" has ${ys.length} values, expected ${n} (one per date)`);
    for (let i = 0; i < n; i++) values.push({ date: input.dates[i], value: ys[i], series: name });
  }
  const names = series.map(([name]) => name);
  const palette = ["#222222", "#ff7f0e", "#2ca02c", "#1f77b4", "#d62728", "#9467bd"];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: input.title ?? "Forecast vs actual",
    width: 900,
    height: 320,
    data: { values },
    mark: { type: "line", interpolate: "monotone" },
    encoding: {
      x: { field: "date", type: "temporal", title: null, axis: { format: "%b" } },
      y: { field: "value", type: "quantitative", title: input.yTitle ?? "temp_max (°C)", scale: { zero: false } },
      color: { field: "series", type: "nominal", title: null, scale: { domain: names, range: palette.slice(0, names.length) }, legend: { orient: "top" } },
      strokeWidth: { condition: { test: "datum.series === 'actual'", value: 1.8 }, value: 1.1 },
      opacity: { condition: { test: "datum.series === 'actual'", value: 1 }, value: 0.8 },
      order: { field: "series", sort: "ascending" },
    },
  };
}
