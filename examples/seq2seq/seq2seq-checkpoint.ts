/** The date model's checkpoint as a file (Node): seq2seq-bytes.ts's bytes, written atomically. */
import { readFileSync } from "node:fs";
import { writeFileAtomic } from "@tapegrad/nn";
import type { DateSeq2Seq } from "./date-seq2seq.ts";
import { parseSeq2SeqCheckpoint, seq2seqCheckpointBytes } from "./seq2seq-bytes.ts";
import type { BuildOptions } from "./seq2seq-config.ts";
import type { SeqTokenizer } from "./seq-tokenizer.ts";

/** Writes the model's parameters, config and vocabulary to `path`. */
export function saveSeq2Seq(model: DateSeq2Seq, tok: SeqTokenizer, path: string): void {
  writeFileAtomic(path, seq2seqCheckpointBytes(model, tok));
}

/** Rebuilds the model and tokenizer saved at `path`. */
export function loadSeq2Seq(path: string, opts: BuildOptions = {}): { model: DateSeq2Seq; tok: SeqTokenizer } {
  return parseSeq2SeqCheckpoint(readFileSync(path), path, opts);
}
