/** Character vocabulary: each distinct character of the corpus gets an id, sorted for stability. */

export class CharVocab {
  readonly chars: readonly string[];
  private readonly ids: Map<string, number>;

  /** Vocabulary over exactly these characters, in this order (ids 0..n-1). */
  constructor(chars: readonly string[]) {
    const ids = new Map<string, number>();
    chars.forEach((c, i) => {
      if ([...c].length !== 1) throw new Error(`CharVocab: expected single characters, got "${c}" at index ${i}`);
      if (ids.has(c)) throw new Error(`CharVocab: "${c}" appears twice (indices ${ids.get(c)} and ${i})`);
      ids.set(c, i);
    });
    this.chars = chars;
    this.ids = ids;
  }

  /** Vocabulary of every character in the text, sorted by code point. */
  static fromText(text: string): CharVocab {
    return new CharVocab([...new Set(text)].sort());
  }

  get size(): number {
    return this.chars.length;
  }

  /** Text → ids; throws naming the first character outside the vocabulary and its offset. */
  encode(text: string): Int32Array {
    const chars = [...text];
    const out = new Int32Array(chars.length);
    chars.forEach((c, i) => {
      const id = this.ids.get(c);
      if (id === undefined) throw new Error(`CharVocab.encode: character ${JSON.stringify(c)} at offset ${i} is not in the vocabulary of ${this.size}`);
      out[i] = id;
    });
    return out;
  }

  /** Ids → text; throws on an id outside 0..size-1. */
  decode(ids: ArrayLike<number>): string {
    let s = "";
    for (let i = 0; i < ids.length; i++) {
      const c = this.chars[ids[i]];
      if (c === undefined) throw new Error(`CharVocab.decode: id ${ids[i]} at position ${i} is outside 0..${this.size - 1}`);
      s += c;
    }
    return s;
  }
}
