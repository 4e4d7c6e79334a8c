/**
 * The smallest char-LM task (Karpathy's "hello"): vocabulary h, e, l, o; input "hell",
 * targets "ello". A model that cannot fit this in a few dozen steps has a bug.
 */
import { CharVocab } from "./char-vocab.ts";

/** Vocabulary [h, e, l, o], inputs "hell" and targets "ello" as ids. */
export function helloData(): { vocab: CharVocab; x: Int32Array; y: Int32Array } {
  const vocab = new CharVocab(["h", "e", "l", "o"]);
  return { vocab, x: vocab.encode("hell"), y: vocab.encode("ello") };
}
