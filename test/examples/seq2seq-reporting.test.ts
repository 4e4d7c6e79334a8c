import { describe, expect, it } from "vitest";
import { renderChart } from "../../examples/shared/render-chart.ts";
import { accuracyCurvesSpec } from "../../examples/seq2seq/accuracy-curves-chart.ts";
import { accuracyByFormat } from "../../examples/seq2seq/evaluate-seq2seq.ts";

describe("seq2seq reporting", () => {
  it("accuracyByFormat scores each format's pairs on their own", () => {
    const pairs = [
      { source: "1/2/2020", target: "2020-01-02", format: "M/D/YYYY" },
      { source: "2020/01/03", target: "2020-01-03", format: "YYYY/MM/DD" },
      { source: "1/4/2020", target: "2020-01-04", format: "M/D/YYYY" },
    ];
    expect(accuracyByFormat(pairs, ["2020-01-02", "2020-01-03", "2020-04-01"])).toEqual({ "M/D/YYYY": 0.5, "YYYY/MM/DD": 1 });
  });

  it("accuracyCurvesSpec draws one line per model and rejects empty input", async () => {
    const spec = accuracyCurvesSpec({ "with attention": [0.1, 0.9], "without attention": [0, 0.05] });
    expect((spec as { data: { values: unknown[] } }).data.values).toHaveLength(4);
    const { svg } = await renderChart(spec);
    expect(svg).toContain("with attention");
    expect(() => accuracyCurvesSpec({})).toThrow(/at least one model/);
  });
});
