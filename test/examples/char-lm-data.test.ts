import { describe, expect, it } from "vitest";
import { bitsPerChar, natsToBitsPerChar } from "../../examples/char-lm/bits-per-char.ts";
import { prepareCharLm } from "../../examples/char-lm/char-lm-data.ts";
import { CharVocab } from "../../examples/char-lm/char-vocab.ts";
import { helloData } from "../../examples/char-lm/hello-data.ts";
import { sampleFromLogits } from "../../examples/char-lm/sample.ts";
import { StreamWindows, streamWindowCount } from "../../examples/char-lm/stream-windows.ts";
import { DataLoader } from "@tapegrad/nn";
import { projectDocsCorpus } from "../../examples/char-lm/text-corpus.ts";
import { SeededRng } from "../../examples/shared/rng.ts";

describe("char-LM data", () => {
  it("vocabulary round-trips and names unknown characters", () => {
    const v = CharVocab.fromText("hello world");
    expect(v.chars).toEqual([" ", "d", "e", "h", "l", "o", "r", "w"]);
    expect(v.decode(v.encode("hello world"))).toBe("hello world");
    expect(() => v.encode("help")).toThrow(/"p" at offset 3 is not in the vocabulary of 8/);
  });

  it("hello data is h,e,l,o with input hell and target ello", () => {
    const { vocab, x, y } = helloData();
    expect(vocab.chars).toEqual(["h", "e", "l", "o"]);
    expect(Array.from(x)).toEqual([0, 1, 2, 2]);
    expect(Array.from(y)).toEqual([1, 2, 2, 3]);
  });

  it("windows read in order by a DataLoader (batchSize: null) carry each row's stream contiguously", () => {
    const ids = Int32Array.from({ length: 103 }, (_, i) => i); // id = position, so continuity is visible
    const loader = new DataLoader(new StreamWindows(ids, 4, 5), { batchSize: null });
    const batches = [...loader];
    // (103 − 1) / 4 = 25 ids per row → 5 windows of 5 steps.
    expect(loader.length).toBe(5);
    expect(batches.length).toBe(streamWindowCount(103, 4, 5));
    expect(batches.map((b) => b.index)).toEqual([0, 1, 2, 3, 4]);
    for (let b = 0; b < 4; b++) {
      const row: number[] = [];
      for (const batch of batches) row.push(...batch.x.subarray(b * 5, b * 5 + 5));
      expect(row).toEqual(Array.from({ length: 25 }, (_, t) => b * 25 + t));
      for (const batch of batches) for (let t = 0; t < 5; t++) expect(batch.y[b * 5 + t]).toBe(batch.x[b * 5 + t] + 1);
    }
    // Window 1, row 2 by hand: row 2 starts at 2·25 = 50, window 1 at +5.
    expect(Array.from(batches[1].x.subarray(10, 15))).toEqual([55, 56, 57, 58, 59]);
    expect(() => new StreamWindows(ids.subarray(0, 10), 4, 5)).toThrow(/10 ids are too few for one batch of 4 rows × 5 steps \(need 21\)/);
    expect(() => new StreamWindows(ids, 4, 5).get(5)).toThrow("StreamWindows: index 5 is out of range for 5 windows");
  });

  it("splits the stream at the tail and keeps one vocabulary", () => {
    const data = prepareCharLm({ name: "t", text: "abcdefghij".repeat(10) }, 0.2);
    expect([data.train.length, data.validation.length]).toEqual([80, 20]);
    expect(data.vocab.decode(data.validation.subarray(0, 3))).toBe("abc");
    expect(projectDocsCorpus().text.length).toBeGreaterThan(1000);
  });

  it("bits per character: uniform logits give log2 V, and match nats / ln 2", () => {
    expect(bitsPerChar(new Float64Array(3 * 8), [0, 5, 7], 8)).toBeCloseTo(3, 12);
    const logits = [2, 0, -1];
    const nats = -Math.log(Math.exp(2) / (Math.exp(2) + 1 + Math.exp(-1)));
    expect(bitsPerChar(logits, [0], 3)).toBeCloseTo(natsToBitsPerChar(nats), 12);
    expect(() => bitsPerChar([1, 2], [0], 3)).toThrow(/expected 1 × 3 = 3 logits/);
  });

  it("temperature sampling is seeded, argmax at 0, and follows the softmax", () => {
    const logits = [0, Math.log(3), -Infinity];
    expect(sampleFromLogits(logits, 0, new SeededRng(1))).toBe(1);
    const draw = (seed: number) => Array.from({ length: 20 }, ((rng) => () => sampleFromLogits(logits, 1, rng))(new SeededRng(seed)));
    expect(draw(5)).toEqual(draw(5));
    const rng = new SeededRng(9);
    const counts = [0, 0, 0];
    for (let i = 0; i < 8000; i++) counts[sampleFromLogits(logits, 1, rng)]++;
    expect(counts[2]).toBe(0);
    expect(counts[1] / 8000).toBeCloseTo(0.75, 1);
    // High temperature flattens towards uniform over the finite logits.
    let hot = 0;
    for (let i = 0; i < 8000; i++) hot += sampleFromLogits(logits, 100, rng);
    expect(hot / 8000).toBeCloseTo(0.5, 1);
  });
});
