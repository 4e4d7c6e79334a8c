/**
 * Seq2seq date-normalisation example, data side: `tsx examples/seq2seq/main.ts`.
 * Shows generated pairs and the batch layout, and draws an example attention heatmap (a
 * diagonal-ish placeholder until the attention model supplies real weights).
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeChart } from "../shared/render-chart.ts";
import { attentionHeatmapSpec } from "./attention-chart.ts";
import { generateDatePairs } from "./date-pairs.ts";
import { SeqTokenizer, padBatch } from "./seq-tokenizer.ts";

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { train, test } = generateDatePairs(10_000, 1_000, { seed: 7 });
  const tok = SeqTokenizer.fromTexts([...train, ...test].flatMap((p) => [p.source, p.target]));
  console.log(`pairs: train ${train.length}, held-out ${test.length} (disjoint dates); vocabulary ${tok.size} (PAD, BOS, EOS + characters)`);
  for (const p of train.slice(0, 6)) console.log(`  ${p.source.padEnd(32)} → ${p.target}   [${p.format}]`);
  const src = padBatch(train.slice(0, 32).map((p) => tok.encode(p.source, { eos: true })));
  console.log(`first source batch: [${src.batch}, ${src.maxLength}], lengths ${Array.from(src.lengths.slice(0, 8)).join(", ")}, …`);
  // Model seam: encoder over src.ids/lengths, decoder fed BOS + target, loss on target + EOS,
  // greedy decode with tok.decode, score with exactMatchAccuracy; plot its attention weights.
  const example = test[0];
  const inTokens = [...example.source, "<eos>"];
  const outTokens = [...example.target, "<eos>"];
  const placeholder = outTokens.map((_, o) => {
    const row = inTokens.map((_, i) => Math.exp(-(((i / inTokens.length - o / outTokens.length) * 8) ** 2)));
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((w) => w / sum);
  });
  const out = await writeChart(attentionHeatmapSpec(placeholder, inTokens, outTokens, `Placeholder attention: "${example.source}"`), join(fileURLToPath(new URL(".", import.meta.url)), "out", "attention-example"));
  console.log(`wrote ${out.pngPath}`);
}
