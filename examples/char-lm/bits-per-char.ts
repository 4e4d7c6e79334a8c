/**
 * Bits per character, the usual unit for character LMs: cross-entropy in base 2. A uniform guess
 * over V characters scores log2(V); English text models reach about 1.2–2.
 */

/** Converts a mean cross-entropy in nats (what a softmax loss returns) to bits per character. */
export function natsToBitsPerChar(meanNats: number): number {
  return meanNats / Math.LN2;
}

/** Mean bits per character of row-major logits [n, vocab] against target ids [n], computed stably. */
export function bitsPerChar(logits: ArrayLike<number>, targets: ArrayLike<number>, vocab: number): number {
  const n = targets.length;
  if (logits.length !== n * vocab) throw new Error(`bitsPerChar: expected ${n} × ${vocab} = ${n * vocab} logits for ${n} targets, got ${logits.length}`);
  if (n === 0) throw new Error("bitsPerChar: expected at least one target, got none");
  let nats = 0;
  for (let i = 0; i < n; i++) {
    const target = targets[i];
    if (!(Number.isInteger(target) && target >= 0 && target < vocab)) throw new Error(`bitsPerChar: target ${target} at position ${i} is outside 0..${vocab - 1}`);
    let max = -Infinity;
    for (let v = 0; v < vocab; v++) max = Math.max(max, logits[i * vocab + v]);
    let sum = 0;
    for (let v = 0; v < vocab; v++) sum += Math.exp(logits[i * vocab + v] - max);
    nats += Math.log(sum) + max - logits[i * vocab + target];
  }
  return natsToBitsPerChar(nats / n);
}
