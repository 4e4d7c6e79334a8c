/**
 * Character tokenizer for seq2seq with the three special ids every encoder–decoder needs:
 * PAD (0, so zero-filled buffers are padding), BOS (decoder start) and EOS (decoder stop).
 */
import { padSequence } from "@tapegrad/nn";

export const PAD = 0;
export const BOS = 1;
export const EOS = 2;
const SPECIALS = ["<pad>", "<bos>", "<eos>"];

export interface PaddedBatch {
  /** Row-major [batch, maxLength], PAD after each sequence's end. */
  ids: Int32Array;
  /** Real (unpadded) length of each row, for masking attention and the loss. */
  lengths: Int32Array;
  batch: number;
  maxLength: number;
}

export class SeqTokenizer {
  /** Token strings by id: the specials, then the characters. */
  readonly tokens: readonly string[];
  private readonly ids: Map<string, number>;

  constructor(chars: readonly string[]) {
    this.tokens = [...SPECIALS, ...chars];
    this.ids = new Map(chars.map((c, i) => [c, i + SPECIALS.length]));
    if (this.ids.size !== chars.length) throw new Error(`SeqTokenizer: expected distinct characters, got ${chars.length} with ${chars.length - this.ids.size} repeated`);
  }

  /** Tokenizer over every character of the texts, sorted. */
  static fromTexts(texts: Iterable<string>): SeqTokenizer {
    const chars = new Set<string>();
    for (const t of texts) for (const c of t) chars.add(c);
    return new SeqTokenizer([...chars].sort());
  }

  get size(): number {
    return this.tokens.length;
  }

  /** Text → ids, optionally framed by BOS/EOS; throws naming an unknown character. */
  encode(text: string, frame: { bos?: boolean; eos?: boolean } = {}): Int32Array {
    const out: number[] = frame.bos ? [BOS] : [];
    [...text].forEach((c, i) => {
      const id = this.ids.get(c);
      if (id === undefined) throw new Error(`SeqTokenizer.encode: character ${JSON.stringify(c)} at offset ${i} of "${text}" is not in the vocabulary`);
      out.push(id);
    });
    if (frame.eos) out.push(EOS);
    return Int32Array.from(out);
  }

  /** Ids → text: stops at the first EOS, skips PAD and BOS. */
  decode(ids: ArrayLike<number>): string {
    let s = "";
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id === EOS) break;
      if (id === PAD || id === BOS) continue;
      const t = this.tokens[id];
      if (t === undefined) throw new Error(`SeqTokenizer.decode: id ${id} at position ${i} is outside 0..${this.size - 1}`);
      s += t;
    }
    return s;
  }
}

/** Pads sequences with PAD to the longest (or to `maxLength`, which must fit them all): nn's padSequence, flattened row-major. */
export function padBatch(seqs: readonly ArrayLike<number>[], maxLength?: number): PaddedBatch {
  if (seqs.length === 0) throw new Error("padBatch: expected at least one sequence, got none");
  const { padded, lengths } = padSequence(seqs, { batchFirst: true, paddingValue: PAD });
  const longest = padded[0].length;
  const L = maxLength ?? longest;
  if (longest > L) throw new Error(`padBatch: a sequence of length ${longest} does not fit maxLength ${L}`);
  const ids = new Int32Array(seqs.length * L).fill(PAD);
  padded.forEach((row, b) => ids.set(row, b * L));
  return { ids, lengths: Int32Array.from(lengths), batch: seqs.length, maxLength: L };
}
