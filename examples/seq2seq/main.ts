/**
 * Seq2seq date normalisation: `pnpm example:seq2seq` (tsx examples/seq2seq/main.ts [flags]).
 * Trains the same encoder–decoder twice, with Luong attention and without (decoder starts from the
 * encoder's final state only), reports exact-match accuracy on held-out dates for both, prints
 * decoded examples, saves checkpoints and draws the attention of a few held-out examples.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Generator } from "@tapegrad/autograd";
import { type FlagValues, integerFlag, numberFlag, runCommand, UsageError } from "../../scripts/command-line.ts";
import { writeChart } from "../shared/render-chart.ts";
import { TrainingProgress } from "../shared/training-progress.ts";
import { formatResultsTable, writeResultsJson } from "../shared/results-table.ts";
import { accuracyCurvesSpec } from "./accuracy-curves-chart.ts";
import { attentionHeatmapSpec } from "./attention-chart.ts";
import { makeBatch } from "./date-batches.ts";
import { type DatePair, generateDatePairs } from "./date-pairs.ts";
import { DateSeq2Seq } from "./date-seq2seq.ts";
import { DEFAULT_MAX_STEPS, evaluateSeq2Seq } from "./evaluate-seq2seq.ts";
import { greedyDecode } from "./greedy-decode.ts";
import { saveSeq2Seq } from "./seq2seq-checkpoint.ts";
import type { Seq2SeqConfig } from "./seq2seq-config.ts";
import { EOS, SeqTokenizer } from "./seq-tokenizer.ts";
import { type EpochRecord, trainSeq2Seq } from "./train-seq2seq.ts";

const COMMAND = {
  command: "pnpm example:seq2seq",
  description: "Trains a GRU encoder-decoder on written dates -> ISO dates, with Luong attention and without,\nand reports held-out exact match; writes checkpoints, results.json and charts to --out.",
  flags: {
    train: { type: "string", default: "3000", value: "N", description: "training pairs" },
    test: { type: "string", default: "1000", value: "N", description: "held-out test pairs" },
    valid: { type: "string", default: "200", value: "N", description: "held-out validation pairs (progress only)" },
    epochs: { type: "string", default: "12", value: "N", description: "training epochs" },
    batch: { type: "string", default: "64", value: "N", description: "pairs per batch" },
    embedding: { type: "string", default: "16", value: "N", description: "embedding size" },
    hidden: { type: "string", default: "32", value: "N", description: "encoder hidden size (per direction)" },
    "decoder-hidden": { type: "string", default: "64", value: "N", description: "decoder hidden size" },
    lr: { type: "string", default: "0.01", value: "RATE", description: "Adam learning rate" },
    seed: { type: "string", default: "7", value: "N", description: "seed of the data and the weights" },
    "max-seconds": { type: "string", value: "S", description: "stop training a variant after S seconds" },
    variants: { type: "string", default: "attention,plain", value: "LIST", description: "which models to train: attention and/or plain" },
    out: { type: "string", value: "DIR", description: "output folder (default examples/seq2seq/out)" },
  },
} as const;

type Flags = FlagValues<typeof COMMAND.flags>;

/** A flag's value as a positive number, or a usage error naming the flag and what it got. */
function num(values: Flags, name: keyof Flags, integer = true): number {
  const raw = values[name] as string;
  return integer ? integerFlag(name, raw, 1) : numberFlag(name, raw, 0);
}

/** The first held-out pair of each wanted format, so the heatmaps show different layouts. */
function pickExamples(pairs: readonly DatePair[], formats: readonly string[]): DatePair[] {
  return formats.map((f) => pairs.find((p) => p.format === f)).filter((p): p is DatePair => p !== undefined);
}

/** The whole run: both variants trained, scored, saved and drawn. */
async function main(values: Flags): Promise<void> {
  // Every number checked before any work, so a typo fails at once.
  for (const name of ["train", "test", "valid", "epochs", "batch", "embedding", "hidden", "decoder-hidden", "seed"] as const) num(values, name);
  num(values, "lr", false);
  if (values["max-seconds"] !== undefined) num(values, "max-seconds", false);
  const outDir = values.out ?? join(fileURLToPath(new URL(".", import.meta.url)), "out");
  // out/ is git-ignored, so a fresh checkout does not have it; the checkpoint writer needs it.
  mkdirSync(outDir, { recursive: true });
  const variants = values.variants.split(",").map((v) => v.trim());
  for (const v of variants) if (v !== "attention" && v !== "plain") throw new UsageError(`--variants: expected "attention" and/or "plain", got "${v}"`);
  const nValid = num(values, "valid");
  const seed = num(values, "seed");
  const all = generateDatePairs(num(values, "train"), nValid + num(values, "test"), { seed });
  // Validation and test dates are both held out from training; validation steers nothing but the
  // progress line, the test set is scored once at the end.
  const valid = all.test.slice(0, nValid);
  const test = all.test.slice(nValid);
  const tok = SeqTokenizer.fromTexts([...all.train, ...all.test].flatMap((p) => [p.source, p.target]));
  console.log(`pairs: train ${all.train.length}, validation ${valid.length}, held-out test ${test.length} (dates disjoint from training); vocabulary ${tok.size}`);

  const started = performance.now();
  const rows: { name: string; metrics: Record<string, number> }[] = [];
  const models = new Map<string, DateSeq2Seq>();
  const histories: Record<string, EpochRecord[]> = {};
  const byFormat: Record<string, Record<string, number>> = {};
  for (const variant of variants) {
    const cfg: Seq2SeqConfig = {
      vocabSize: tok.size,
      embeddingDim: num(values, "embedding"),
      encoderHidden: num(values, "hidden"),
      decoderHidden: num(values, "decoder-hidden"),
      attention: variant === "attention",
    };
    // Same seed for both variants: the shared parts start from the same draws.
    const model = new DateSeq2Seq(cfg, { generator: new Generator(seed) });
    const params = model.parameters().reduce((n, p) => n + p.size, 0);
    console.log(`\n${variant === "attention" ? "with attention" : "without attention"}: ${params} parameters`);
    const t0 = performance.now();
    const history = await trainSeq2Seq(model, all.train, valid, tok, {
      epochs: num(values, "epochs"),
      batchSize: num(values, "batch"),
      lr: num(values, "lr", false),
      clip: 1,
      seed,
      maxSeconds: values["max-seconds"] === undefined ? undefined : num(values, "max-seconds", false),
      progress: (stepsPerEpoch, epochs) => new TrainingProgress({ epochs, stepsPerEpoch, validationName: "val exact" }),
    });
    const trainSeconds = (performance.now() - t0) / 1000;
    const { accuracy, byFormat: perFormat } = evaluateSeq2Seq(model, test, tok);
    byFormat[variant] = perFormat;
    const ckpt = join(outDir, `seq2seq-${variant}.safetensors`);
    saveSeq2Seq(model, tok, ckpt);
    console.log(`held-out exact match ${(accuracy * 100).toFixed(1)}% after ${history.length} epochs, ${trainSeconds.toFixed(1)} s; checkpoint ${ckpt}`);
    rows.push({ name: variant === "attention" ? "GRU enc-dec + Luong attention" : "GRU enc-dec, no attention", metrics: { "exact match": accuracy, epochs: history.length, "train s": trainSeconds } });
    models.set(variant, model);
    histories[variant] = history;
  }

  console.log(`\n${formatResultsTable(rows)}`);
  writeResultsJson(join(outDir, "results.json"), rows, { heldOut: test.length, histories, byFormat });
  console.log("\nheld-out exact match by source format:");
  const formats = Object.keys(Object.values(byFormat)[0] ?? {}).sort();
  for (const f of formats) console.log(`  ${f.padEnd(24)} ${variants.map((v) => `${v} ${(byFormat[v][f] * 100).toFixed(0).padStart(3)}%`).join("   ")}`);
  const names = (v: string) => (v === "attention" ? "with attention" : "without attention");
  const curves = Object.fromEntries(variants.map((v) => [names(v), histories[v].map((h) => h.validationAccuracy)]));
  const curveFile = await writeChart(accuracyCurvesSpec(curves), join(outDir, "accuracy-curves"));
  console.log(`wrote ${curveFile.svgPath} and .png`);

  const shown = test.slice(0, 8);
  const decoded = new Map([...models].map(([v, m]) => [v, evaluateSeq2Seq(m, shown, tok).predictions]));
  console.log("\nheld-out examples:");
  shown.forEach((p, i) => {
    const cols = [...decoded].map(([v, preds]) => `${v}: ${preds[i]}${preds[i] === p.target ? " ✓" : " ✗"}`);
    console.log(`  ${p.source.padEnd(30)} → ${p.target}   ${cols.join("   ")}`);
  });

  const attModel = models.get("attention");
  if (attModel) {
    const examples = pickExamples(test, ["Weekday, Month D, YYYY", "DD.MM.YYYY", "MM/DD/YY", "Dth of Month YYYY"]);
    const batch = makeBatch(examples, tok);
    const { ids, attention } = greedyDecode(attModel, batch.src, DEFAULT_MAX_STEPS);
    for (const [k, p] of examples.entries()) {
      // "EOS" rather than "<eos>": a short label keeps the last input column readable.
      const outTokens = ids[k].map((id) => (id === EOS ? "EOS" : tok.tokens[id]));
      const inTokens = [...p.source, "EOS"];
      const title = `Attention: "${p.source}" → "${tok.decode(ids[k])}"`;
      const file = await writeChart(attentionHeatmapSpec(attention![k], inTokens, outTokens, title), join(outDir, `attention-${k + 1}`));
      console.log(`wrote ${file.svgPath} and .png`);
    }
  }
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runCommand(COMMAND, main);
