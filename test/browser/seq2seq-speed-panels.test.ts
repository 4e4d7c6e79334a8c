// Panels 4 and 5 in Chromium: a date model saved by `pnpm example:seq2seq`'s saveSeq2Seq loads in
// the page and decodes a typed date to the same ISO string and attention as in Node; training in
// the page runs and reports held-out accuracy; the speed panel measures the kernel and layer
// benchmarks' cases and names the build Chromium chose and the thread count.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Generator } from "@tapegrad/autograd";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDatePairs } from "../../examples/seq2seq/date-pairs.ts";
import { DateSeq2Seq } from "../../examples/seq2seq/date-seq2seq.ts";
import { saveSeq2Seq } from "../../examples/seq2seq/seq2seq-checkpoint.ts";
import { SeqTokenizer } from "../../examples/seq2seq/seq-tokenizer.ts";
import { trainSeq2Seq } from "../../examples/seq2seq/train-seq2seq.ts";
import { translateDate } from "../../examples/seq2seq/translate-date.ts";
import type { Seq2SeqPanelState } from "../../examples/web/page/seq2seq-panel.ts";
import type { SpeedPanelState } from "../../examples/web/page/speed-panel.ts";
import { Playground, clickAndWait, screenshotPanel } from "./support/playground.ts";

describe("playground: seq2seq and speed panels in Chromium", () => {
  let playground: Playground;
  beforeAll(async () => {
    playground = await Playground.start();
  });
  afterAll(() => playground?.close());

  it("seq2seq: a checkpoint from saveSeq2Seq decodes a typed date as in Node, with its attention heatmap", async () => {
    const pairs = generateDatePairs(400, 50, { seed: 3 });
    const tok = SeqTokenizer.fromTexts([...pairs.train, ...pairs.test].flatMap((p) => [p.source, p.target]));
    const model = new DateSeq2Seq({ vocabSize: tok.size, embeddingDim: 8, encoderHidden: 12, decoderHidden: 16, attention: true }, { generator: new Generator(5) });
    await trainSeq2Seq(model, pairs.train, pairs.test, tok, { epochs: 1, batchSize: 32, lr: 0.01, clip: 1, seed: 5 });
    const path = join(mkdtempSync(join(tmpdir(), "playground-s2s-")), "seq2seq-attention.safetensors");
    saveSeq2Seq(model, tok, path);
    const date = pairs.test[0].source;
    const node = translateDate(model, tok, date);

    const tab = await playground.open({ panel: "seq2seq" });
    await tab.page.fill('#panel-seq2seq input[name="date"]', date);
    await tab.page.setInputFiles('#panel-seq2seq input[name="checkpoint"]', path);
    await tab.page.waitForFunction(() => (window as unknown as { playground: { seq2seq: Seq2SeqPanelState } }).playground.seq2seq.translation !== null);
    const page = await tab.page.evaluate(() => (window as unknown as { playground: { seq2seq: Seq2SeqPanelState } }).playground.seq2seq.translation!);
    expect(page.output).toBe(node.output);
    expect(page.outputTokens).toEqual(node.outputTokens);
    for (let o = 0; o < node.attention!.length; o++) for (let i = 0; i < node.attention![o].length; i++) expect(page.attention![o][i]).toBeCloseTo(node.attention![o][i], 4);
    expect(await tab.page.locator("#panel-seq2seq figure svg rect").count()).toBe(node.inputTokens.length * node.outputTokens.length);
    // A character the model never saw is the tokenizer's own error, shown in the page.
    await tab.page.fill('#panel-seq2seq input[name="date"]', "2044 → ☃");
    await tab.page.click('#panel-seq2seq button[data-action="translate"]');
    await tab.page.waitForFunction(() => document.querySelector("#panel-seq2seq")?.getAttribute("data-state") === "error");
    expect(await tab.page.textContent("#panel-seq2seq .error")).toContain('SeqTokenizer.encode: character "→" at offset 5 of "2044 → ☃" is not in the vocabulary');
    expect(tab.problems).toEqual([]);
    await tab.page.context().close();
  });

  it("seq2seq: trains in the page and reports held-out exact match", async () => {
    const tab = await playground.open({ panel: "seq2seq", "seq2seq.train": "600", "seq2seq.epochs": "2" });
    expect(await clickAndWait(tab.page, "seq2seq", "train")).toBe("done");
    const state = await tab.page.evaluate(() => (window as unknown as { playground: { seq2seq: Seq2SeqPanelState } }).playground.seq2seq);
    expect(state.epochs).toHaveLength(2);
    expect(state.epochs[1].trainLoss).toBeLessThan(state.epochs[0].trainLoss);
    expect(state.testAccuracy).toBeGreaterThanOrEqual(0);
    expect(await tab.page.textContent("#panel-seq2seq .status")).toMatch(/held-out exact match \d+\.\d % on 500 dates/);
    await tab.page.waitForFunction(() => document.querySelector("#panel-seq2seq")?.getAttribute("data-state") !== "busy");
    await screenshotPanel(tab.page, "seq2seq");
    expect(tab.problems).toEqual([]);
    await tab.page.context().close();
  });

  it("speed: the kernel and layer benchmarks' figures in this browser, with the build and thread count", async () => {
    const tab = await playground.open({ panel: "speed", "speed.tasks": "SimpleRNN small", "speed.roundMs": "30" });
    expect(await clickAndWait(tab.page, "speed", "measure", 120_000)).toBe("done");
    const state = await tab.page.evaluate(() => (window as unknown as { playground: { speed: SpeedPanelState } }).playground.speed);
    // Chromium enables relaxed SIMD, so the library picks the FMA build (Node 20 does not).
    expect(state.build).toBe("relaxed");
    // Cross-origin isolated: the kernels run matmuls on every core (2 here) of a shared memory, and
    // the row split gives the single-threaded product bit for bit.
    const cores = await tab.page.evaluate(() => navigator.hardwareConcurrency);
    expect(state.threads).toBe(cores);
    if (cores > 1) expect(state.threadedMatmul).toMatchObject({ threads: cores, identical: true });
    expect(state.kernels.map((k) => k.kernel)).toContain("matmul NN");
    for (const k of state.kernels) expect(k.value).toBeGreaterThan(0);
    expect(state.layers).toMatchObject([{ task: "SimpleRNN small" }]);
    expect(state.layers[0].medianMs).toBeGreaterThan(0);
    await screenshotPanel(tab.page, "speed");
    expect(tab.problems).toEqual([]);
    await tab.page.context().close();
  });
});
