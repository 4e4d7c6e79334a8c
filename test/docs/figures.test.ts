// Every result figure in the docs comes from a run: each marked figure (<!--fig:KEY-->TEXT<!--/fig-->)
// must be exactly what scripts/docs/figure-registry.ts makes of the committed results in
// docs/results/, and the default weather run (about 10 s) is repeated here and must reproduce its
// committed results. The long runs (char-LM, seq2seq: ~90 s each) are repeated by
// `pnpm docs:figures`, not by the test suite.
import { describe, expect, it } from "vitest";
import { FIGURES, RUNS } from "../../scripts/docs/figure-registry.ts";
import { committedResults, figureText, markedFigures, runFigureRun } from "../../scripts/docs/figures.ts";

/** Removes the machine-dependent fields ("a.b", "results.*.metrics.train s") from a results object. */
function withoutVolatile(value: unknown, paths: string[]): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  const drop = (node: unknown, parts: string[]): void => {
    if (node === null || typeof node !== "object") return;
    const [head, ...rest] = parts;
    const record = node as Record<string, unknown>;
    const keys = head === "*" ? Object.keys(record) : [head];
    for (const k of keys) {
      if (rest.length === 0) delete record[k];
      else drop(record[k], rest);
    }
  };
  // Keys may contain dots only as the last part ("train s" has none; "MAE °C" is never dropped).
  for (const p of paths) drop(copy, p.split("."));
  return copy;
}

/** The value with every number rounded to 6 significant digits. */
function rounded(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "number" && Number.isFinite(v) ? Number(v.toPrecision(6)) : v)));
}

describe("documented figures", () => {
  const results = committedResults();

  it("every run has committed results", () => {
    expect(RUNS.map((r) => r.id).filter((id) => !(id in results))).toEqual([]);
  });

  it("every marked figure in the docs equals what its run gave", () => {
    const figures = markedFigures();
    expect(figures.length).toBeGreaterThan(30);
    const wrong = figures
      .map((f) => ({ where: `${f.doc}:${f.line} ${f.key}`, shown: f.text, run: figureText(f.key, results) }))
      .filter((f) => f.shown !== f.run);
    // To fix: `pnpm docs:figures -- --no-run` rewrites them from docs/results/.
    expect(wrong).toEqual([]);
  });

  it("the README quotes the weather, char-LM and seq2seq results through markers", () => {
    const keys = new Set(markedFigures().filter((f) => f.doc === "README.md").map((f) => f.key));
    for (const k of ["weather.model.mae", "charlm.val", "seq2seq.attention", "seq2seq.plain"]) expect(keys).toContain(k);
  });

  it("the default weather run reproduces its committed results", async () => {
    const run = RUNS.find((r) => r.id === "weather")!;
    const fresh = await runFigureRun(run);
    // Every field, numbers to 6 significant digits: a kernel change that moves the 8th digit of
    // float32 sums does not force new results, one that moves a documented figure does.
    expect(rounded(withoutVolatile(fresh, run.volatile))).toEqual(rounded(withoutVolatile(results.weather, run.volatile)));
    for (const key of Object.keys(FIGURES).filter((k) => k.startsWith("weather."))) {
      expect({ key, text: figureText(key, { ...results, weather: fresh }) }).toEqual({ key, text: figureText(key, results) });
    }
  }, 120_000);
});
