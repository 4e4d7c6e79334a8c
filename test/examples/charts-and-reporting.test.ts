import { describe, expect, it } from "vitest";
import { lossCurveSpec } from "../../examples/shared/loss-curve-chart.ts";
import { renderChart } from "../../examples/shared/render-chart.ts";
import { formatResultsTable } from "../../examples/shared/results-table.ts";
import { TrainingProgress } from "../../examples/shared/training-progress.ts";
import { attentionHeatmapSpec } from "../../examples/seq2seq/attention-chart.ts";
import { forecastChartSpec } from "../../examples/weather/forecast-chart.ts";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Minimal well-formedness check: every tag opened is closed in order (no XML parser is installed). */
function assertWellFormedXml(xml: string): void {
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([A-Za-z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (selfClosing) continue;
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`XML: </${name}> closes <${open}>`);
    } else stack.push(name);
  }
  expect(stack).toEqual([]);
}

describe("charts", () => {
  it("forecast chart renders an SVG with one line per series and a PNG", async () => {
    const dates = ["2015-01-01", "2015-01-02", "2015-01-03"];
    const { svg, png } = await renderChart(forecastChartSpec({ dates, actual: [5, 6, 7], forecasts: { persistence: [4, 5, 6] } }));
    expect(svg.startsWith("<svg")).toBe(true);
    assertWellFormedXml(svg);
    expect(svg.match(/aria-roledescription="line mark container"/g)?.length).toBe(2); // actual + persistence
    expect(svg).toContain("persistence");
    expect(Array.from(png.subarray(0, 8))).toEqual(PNG_SIGNATURE);
    expect(() => forecastChartSpec({ dates, actual: [1, 2, 3], forecasts: { bad: [1] } })).toThrow(/"bad" has 1 values, expected 3/);
  });

  it("loss curves and attention heatmap render", async () => {
    const loss = await renderChart(lossCurveSpec({ train: [1, 0.5, 0.3], validation: [1.1, 0.7, 0.6] }));
    assertWellFormedXml(loss.svg);
    expect(loss.svg).toContain("validation");
    const heat = await renderChart(attentionHeatmapSpec([[0.9, 0.1], [0.2, 0.8], [0.5, 0.5]], ["a", "b"], ["x", "y", "<eos>"]));
    assertWellFormedXml(heat.svg);
    // One rect per weight, all inside the rect mark group.
    const cells = /<g class="mark-rect role-mark marks"[^>]*>(.*?)<\/g>/s.exec(heat.svg)?.[1] ?? "";
    expect(cells.match(/<path/g)?.length).toBe(6);
    expect(Array.from(heat.png.subarray(0, 8))).toEqual(PNG_SIGNATURE);
    expect(() => attentionHeatmapSpec([[1, 0]], ["a"], ["x"])).toThrow(/row 0 has 2 weights, expected 1/);
  });
});

describe("reporting", () => {
  it("progress prints plain epoch lines when not on a terminal", () => {
    let out = "";
    let clock = 0;
    const p = new TrainingProgress({ epochs: 2, stepsPerEpoch: 4, validationName: "val MAE", stream: { write: (s: string) => (out += s), isTTY: false }, now: () => clock });
    expect(p.mode).toBe("lines");
    p.startEpoch(1);
    for (let i = 0; i < 4; i++) {
      clock += 500;
      p.step(1);
    }
    p.endEpoch({ trainLoss: 0.25, validation: 1.5 });
    p.stop();
    expect(out).toBe("epoch 1/2  loss 0.2500  val MAE 1.5000  2.0 steps/s\n");
  });

  it("results table aligns model and baselines", () => {
    const table = formatResultsTable([
      { name: "LSTM", metrics: { "MAE °C": 1.9 } },
      { name: "persistence", metrics: { "MAE °C": 2.2397, "RMSE °C": 2.907 } },
    ], 2);
    expect(table.split("\n")).toEqual([
      "             MAE °C  RMSE °C",
      "-----------  ------  -------",
      "LSTM           1.90        -",
      "persistence    2.24     2.91",
    ]);
  });
});
