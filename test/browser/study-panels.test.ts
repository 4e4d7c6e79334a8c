// Panels 2 and 3 in Chromium: the "hello" char-RNN learns "ello" in its worker with the same
// steps and probabilities as `pnpm example:hello` in Node, and samples; the long-memory study
// draws ‖∂L/∂h_t‖ equal to Node's and an accuracy per cell and length.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trainHello } from "../../examples/char-lm/hello.ts";
import { firstStepBatch } from "../../examples/long-memory/first-step-task.ts";
import { hiddenGradientNorms } from "../../examples/long-memory/hidden-gradients.ts";
import { DEFAULT_STUDY } from "../../examples/long-memory/long-memory-study.ts";
import { CELL_KINDS, memoryModel } from "../../examples/long-memory/memory-model.ts";
import { SeededRng } from "../../examples/shared/rng.ts";
import type { HelloPanelState } from "../../examples/web/page/hello-panel.ts";
import type { LongMemoryPanelState } from "../../examples/web/page/long-memory-panel.ts";
import { Playground, clickAndWait, screenshotPanel } from "./support/playground.ts";

describe("playground: study panels in Chromium", () => {
  let playground: Playground;
  beforeAll(async () => {
    playground = await Playground.start();
  });
  afterAll(() => playground?.close());

  it('"hello": learns "ello" with the probabilities Node computes, updating every step, then samples', async () => {
    const tab = await playground.open({ panel: "hello", "hello.paceMs": "0" });
    expect(await clickAndWait(tab.page, "hello", "train")).toBe("done");
    const state = await tab.page.evaluate(() => (window as unknown as { playground: { hello: HelloPanelState } }).playground.hello);
    const node = trainHello({ seed: 0 });
    const last = state.steps[state.steps.length - 1];
    expect(last.predicted).toBe("ello");
    expect(state.steps.map((s) => s.steps)).toEqual(Array.from({ length: node.steps }, (_, i) => i + 1)); // every step reported
    for (let t = 0; t < 4; t++) for (let v = 0; v < 4; v++) expect(last.probabilities[t][v]).toBeCloseTo(node.probabilities[t][v], 3);
    expect(await tab.page.locator('[data-table="hello-probabilities"] tbody tr').count()).toBe(4);
    expect(await clickAndWait(tab.page, "hello", "sample")).toBe("done");
    const sample = await tab.page.textContent('[data-output="sample"]');
    expect(sample).toMatch(/^h\|[helo]{20}$/);
    await screenshotPanel(tab.page, "hello");
    expect(tab.problems).toEqual([]);
    await tab.page.context().close();
  });

  it("long-term dependencies: gradient norms at initialisation equal Node's; accuracy per cell and length", async () => {
    const tab = await playground.open({ panel: "long-memory", "memory.lengths": "5,10", "memory.steps": "150" });
    expect(await clickAndWait(tab.page, "long-memory", "run")).toBe("done");
    const state = await tab.page.evaluate(() => (window as unknown as { playground: { memory: LongMemoryPanelState } }).playground.memory);
    for (const cell of CELL_KINDS) {
      const batch = firstStepBatch(DEFAULT_STUDY.gradientLength, 64, new SeededRng(DEFAULT_STUDY.seed + 3));
      const node = hiddenGradientNorms(memoryModel(cell, DEFAULT_STUDY.hidden, DEFAULT_STUDY.seed), cell, DEFAULT_STUDY.hidden, batch);
      const page = state.gradientNorms[cell]!;
      expect(page).toHaveLength(DEFAULT_STUDY.gradientLength);
      for (let t = 0; t < page.length; t++) expect(Math.abs(page[t] - node[t])).toBeLessThanOrEqual(1e-3 * node[t] + 1e-30);
      expect(Object.keys(state.accuracy[cell]!)).toEqual(["5", "10"]);
    }
    // The vanishing gradient, seen: a plain RNN's gradient at step 0 is far below the LSTM's.
    expect(state.gradientNorms.RNN![0]).toBeLessThan(1e-3 * state.gradientNorms.LSTM![0]);
    expect(await tab.page.locator('[data-table="memory-accuracy"] tbody tr').count()).toBe(3);
    await screenshotPanel(tab.page, "long-memory");
    expect(tab.problems).toEqual([]);
    await tab.page.context().close();
  });
});
