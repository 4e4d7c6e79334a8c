/** One written date through the trained model: the ISO date it decodes and where it looked. */
import { makeBatch } from "./date-batches.ts";
import type { DateSeq2Seq } from "./date-seq2seq.ts";
import { DEFAULT_MAX_STEPS } from "./evaluate-seq2seq.ts";
import { greedyDecode } from "./greedy-decode.ts";
import { EOS, type SeqTokenizer } from "./seq-tokenizer.ts";

export interface Translation {
  output: string;
  inputTokens: string[];
  outputTokens: string[];
  /** attention[out][in] (null for a model without attention). */
  attention: number[][] | null;
}

/** Greedy decoding of `text`; an unknown character is an error naming it. */
export function translateDate(model: DateSeq2Seq, tok: SeqTokenizer, text: string): Translation {
  if (text.length === 0) throw new Error("translateDate: expected a written date, got an empty string");
  const batch = makeBatch([{ source: text, target: "", format: "typed" }], tok);
  const { ids, attention } = greedyDecode(model, batch.src, DEFAULT_MAX_STEPS);
  return {
    output: tok.decode(ids[0]),
    inputTokens: [...text, "EOS"],
    outputTokens: ids[0].map((id) => (id === EOS ? "EOS" : tok.tokens[id])),
    attention: attention ? attention[0] : null,
  };
}
