/**
 * The character LM on disk: its weights as safetensors (PyTorch names, "lstm.weight_ih_l1", …),
 * with the model config and the vocabulary in the file's `__metadata__`: ids mean nothing
 * without the characters they stand for, so they travel in the same file.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseSafetensors, saveCheckpoint } from "@tapegrad/nn";
import { CharVocab } from "./char-vocab.ts";
import { CharLstm, type CharLstmConfig } from "./char-lstm.ts";

export const CHAR_LM_FORMAT = "tapegrad-char-lm/1";

/** Writes weights, config and vocabulary to `path` (folder created), atomically. */
export function saveCharLm(model: CharLstm, vocab: CharVocab, path: string, extra: Record<string, unknown> = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  saveCheckpoint(model, path, {
    metadata: { format: CHAR_LM_FORMAT, config: JSON.stringify(model.config), vocab: JSON.stringify(vocab.chars), training: JSON.stringify(extra) },
  });
}

/** Reads a file written by saveCharLm; errors name the file and what is wrong with it. */
export function loadCharLm(path: string): { model: CharLstm; vocab: CharVocab } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new Error(`char-lm checkpoint: cannot read ${path}: ${(err as Error).message}`);
  }
  const { tensors, metadata } = parseSafetensors(bytes, path);
  const fail = (what: string): never => {
    throw new Error(`char-lm checkpoint: ${path}: ${what}`);
  };
  if (metadata.format !== CHAR_LM_FORMAT) fail(`expected __metadata__.format "${CHAR_LM_FORMAT}", got ${metadata.format === undefined ? "none" : `"${metadata.format}"`}`);
  let config: CharLstmConfig;
  let chars: string[];
  try {
    config = JSON.parse(metadata.config) as CharLstmConfig;
    chars = JSON.parse(metadata.vocab) as string[];
  } catch (err) {
    return fail(`__metadata__ config or vocab is not valid JSON: ${(err as Error).message}`);
  }
  const vocab = new CharVocab(chars);
  if (config.vocab !== vocab.size) fail(`config says ${config.vocab} characters, the stored vocabulary has ${vocab.size}`);
  const model = new CharLstm(config);
  try {
    model.loadStateDict(tensors);
  } catch (err) {
    fail((err as Error).message);
  }
  return { model, vocab };
}
