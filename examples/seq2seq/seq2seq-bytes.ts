/**
 * The date model's checkpoint as bytes (browser-safe): parameters under PyTorch names plus, in
 * the safetensors metadata, the sizes and the tokenizer's characters, so the bytes alone rebuild
 * the model. seq2seq-checkpoint.ts writes and reads them as files.
 */
import { checkpointBytes, loadCheckpointBytes, parseSafetensors } from "@tapegrad/nn";
import { DateSeq2Seq } from "./date-seq2seq.ts";
import type { BuildOptions, Seq2SeqConfig } from "./seq2seq-config.ts";
import { SeqTokenizer } from "./seq-tokenizer.ts";

const SPECIAL_COUNT = 3;

/** The model's parameters, config and vocabulary as safetensors bytes. */
export function seq2seqCheckpointBytes(model: DateSeq2Seq, tok: SeqTokenizer): Uint8Array {
  if (tok.size !== model.cfg.vocabSize) throw new Error(`saveSeq2Seq: tokenizer has ${tok.size} tokens, the model expects ${model.cfg.vocabSize}`);
  return checkpointBytes(model, { metadata: { config: JSON.stringify(model.cfg), characters: JSON.stringify(tok.tokens.slice(SPECIAL_COUNT)) } });
}

/** Rebuilds the model and tokenizer from checkpoint bytes; `source` names them in errors. */
export function parseSeq2SeqCheckpoint(bytes: Uint8Array, source: string, opts: BuildOptions = {}): { model: DateSeq2Seq; tok: SeqTokenizer } {
  const { metadata } = parseSafetensors(bytes, source);
  if (!metadata.config || !metadata.characters) {
    throw new Error(`loadSeq2Seq: ${source}: expected "config" and "characters" in the safetensors metadata, got keys [${Object.keys(metadata).join(", ")}]`);
  }
  const cfg = JSON.parse(metadata.config) as Seq2SeqConfig;
  const tok = new SeqTokenizer(JSON.parse(metadata.characters) as string[]);
  const model = new DateSeq2Seq(cfg, opts);
  loadCheckpointBytes(model, bytes, { source });
  return { model, tok };
}
