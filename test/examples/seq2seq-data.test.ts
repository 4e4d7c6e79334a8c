import { describe, expect, it } from "vitest";
import { DATE_FORMATS } from "../../examples/seq2seq/date-formats.ts";
import { exactMatchAccuracy, generateDatePairs } from "../../examples/seq2seq/date-pairs.ts";
import { BOS, EOS, PAD, SeqTokenizer, padBatch } from "../../examples/seq2seq/seq-tokenizer.ts";

describe("date pairs", () => {
  const { train, test } = generateDatePairs(2000, 300, { seed: 3 });

  it("targets are valid ISO dates that round-trip through Date", () => {
    for (const p of [...train, ...test]) {
      expect(p.target).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(new Date(`${p.target}T00:00:00Z`).toISOString().slice(0, 10)).toBe(p.target);
    }
  });

  it("sources say the same date as their targets", () => {
    const months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    for (const p of train) {
      const [y, m, d] = p.target.split("-").map(Number);
      const s = p.source.toLowerCase();
      const nums = (s.match(/\d+/g) ?? []).map(Number);
      const named = months.findIndex((name) => s.includes(name)) + 1;
      if (named > 0) expect(named).toBe(m);
      if (p.format === "MM/DD/YY") expect(nums).toEqual([m, d, y % 100]);
      else if (p.format === "DD.MM.YYYY") expect(nums).toEqual([d, m, y]);
      else if (p.format.startsWith("YYYY")) expect(nums).toEqual([y, m, d]);
      else if (p.format === "M/D/YYYY") expect(nums).toEqual([m, d, y]);
      else expect(nums).toEqual([d, y]);
    }
    expect(DATE_FORMATS["D Month YYYY"]({ year: 2026, month: 11, day: 22 })).toBe("22 November 2026");
    expect(DATE_FORMATS["MM/DD/YY"]({ year: 2026, month: 11, day: 22 })).toBe("11/22/26");
    expect(DATE_FORMATS["Mon D, YYYY"]({ year: 2026, month: 11, day: 22 })).toBe("Nov 22, 2026");
    expect(DATE_FORMATS["Dth of Month YYYY"]({ year: 2026, month: 11, day: 22 })).toBe("22nd of November 2026");
  });

  it("is seeded and holds out whole dates", () => {
    expect(generateDatePairs(2000, 300, { seed: 3 })).toEqual({ train, test });
    const held = new Set(test.map((p) => p.target));
    expect(held.size).toBe(300);
    expect(train.some((p) => held.has(p.target))).toBe(false);
    expect(() => generateDatePairs(1, 1, { formats: ["DD/MM"] })).toThrow(/unknown format "DD\/MM"/);
  });

  it("exact-match accuracy", () => {
    expect(exactMatchAccuracy(["2026-11-22", "2026-11-23 "], ["2026-11-22", "2026-11-22"])).toBe(0.5);
    expect(() => exactMatchAccuracy(["a"], [])).toThrow(/1 predictions and 0 targets/);
  });
});

describe("seq tokenizer", () => {
  it("frames with BOS/EOS, decodes to EOS, pads with PAD and records lengths", () => {
    const tok = SeqTokenizer.fromTexts(["2026-11-22", "Nov 22, 2026"]);
    expect(tok.tokens.slice(0, 3)).toEqual(["<pad>", "<bos>", "<eos>"]);
    const a = tok.encode("2026-11-22", { bos: true, eos: true });
    expect([a[0], a[a.length - 1]]).toEqual([BOS, EOS]);
    expect(tok.decode(a)).toBe("2026-11-22");
    const batch = padBatch([tok.encode("22", { eos: true }), a]);
    expect([batch.batch, batch.maxLength]).toEqual([2, 12]);
    expect(Array.from(batch.lengths)).toEqual([3, 12]);
    expect(batch.ids[3]).toBe(PAD);
    expect(tok.decode(batch.ids.subarray(0, 12))).toBe("22");
    expect(() => tok.encode("Dec")).toThrow(/"D" at offset 0 of "Dec"/);
    expect(() => padBatch([a], 5)).toThrow(/length 12 does not fit maxLength 5/);
  });
});
