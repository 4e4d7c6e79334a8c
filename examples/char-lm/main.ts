/**
 * Character-level LM example, data side: `tsx examples/char-lm/main.ts [--text PATH]`.
 * Prints the corpus, vocabulary, batch layout and the two baselines a model must beat
 * (uniform: log2 V bits; unigram frequencies). Training plugs in where noted.
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { formatResultsTable } from "../shared/results-table.ts";
import { prepareCharLm, unigramBitsPerChar } from "./char-lm-data.ts";
import { streamBatchCount } from "./stream-batches.ts";
import { projectDocsCorpus, readTextCorpus } from "./text-corpus.ts";

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { text: { type: "string" }, batch: { type: "string", default: "32" }, steps: { type: "string", default: "64" } } });
  try {
    const data = prepareCharLm(values.text ? readTextCorpus(values.text) : projectDocsCorpus());
    const [batch, steps] = [Number(values.batch), Number(values.steps)];
    console.log(`corpus: ${data.corpus}; ${data.train.length + data.validation.length} characters, vocabulary ${data.vocab.size}`);
    console.log(`train ${data.train.length}, validation ${data.validation.length}; ${streamBatchCount(data.train.length, batch, steps)} batches of ${batch} × ${steps} per epoch`);
    // Model seam: for each epoch, reset state, then for (const b of streamBatches(data.train, batch, steps))
    // run the model on b.x carrying state, loss against b.y; report bits with natsToBitsPerChar.
    console.log(formatResultsTable([
      { name: "uniform", metrics: { "val bpc": Math.log2(data.vocab.size) } },
      { name: "unigram", metrics: { "val bpc": unigramBitsPerChar(data.train, data.validation, data.vocab.size) } },
    ]));
  } catch (err) {
    console.error(`char-lm: ${(err as Error).message}`);
    process.exit(1);
  }
}
