/**
 * Checkpoints of the date model: parameters as safetensors (PyTorch names) plus, in the file's
 * metadata, the sizes and the tokenizer's characters, so a checkpoint alone rebuilds the model
 * that wrote it.
 */
import { readFileSync } from "node:fs";
import { loadCheckpoint, parseSafetensors, saveCheckpoint } from "@tapegrad/nn";
import { DateSeq2Seq } from "./date-seq2seq.ts";
import type { BuildOptions, Seq2SeqConfig } from "./seq2seq-config.ts";
import { SeqTokenizer } from "./seq-tokenizer.ts";

const SPECIAL_COUNT = 3;

/** Writes the model's parameters, config and vocabulary to `path`. */
export function saveSeq2Seq(model: DateSeq2Seq, tok: SeqTokenizer, path: string): void {
  if (tok.size !== model.cfg.vocabSize) throw new Error(`saveSeq2Seq: tokenizer has ${tok.size} tokens, the model expects ${model.cfg.vocabSize}`);
  saveCheckpoint(model, path, { metadata: { config: JSON.stringify(model.cfg), characters: JSON.stringify(tok.tokens.slice(SPECIAL_COUNT)) } });
}

/** Rebuilds the model and tokenizer saved at `path`. */
export function loadSeq2Seq(path: string, opts: BuildOptions = {}): { model: DateSeq2Seq; tok: SeqTokenizer } {
  const { metadata } = parseSafetensors(readFileSync(path), path);
  if (!metadata.config || !metadata.characters) {
    throw new Error(`loadSeq2Seq: ${path}: expected "config" and "characters" in the safetensors metadata, got keys [${Object.keys(metadata).join(", ")}]`);
  }
  const cfg = JSON.parse(metadata.config) as Seq2SeqConfig;
  const tok = new SeqTokenizer(JSON.parse(metadata.characters) as string[]);
  const model = new DateSeq2Seq(cfg, opts);
  loadCheckpoint(model, path);
  return { model, tok };
}
