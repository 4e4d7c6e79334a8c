/**
 * Drawing the next character from a model's logits. Temperature divides the logits: below 1
 * sharpens towards the most likely character, above 1 flattens towards uniform, 0 is argmax.
 */
import type { SeededRng } from "../shared/rng.ts";

/** Index sampled from softmax(logits / temperature) using `rng`; temperature 0 gives argmax. */
export function sampleFromLogits(logits: ArrayLike<number>, temperature: number, rng: SeededRng): number {
  if (logits.length === 0) throw new Error("sampleFromLogits: expected at least one logit, got none");
  if (!(temperature >= 0 && Number.isFinite(temperature))) throw new Error(`sampleFromLogits: expected temperature >= 0, got ${temperature}`);
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
  if (temperature === 0) return best;
  const max = logits[best];
  const weights = Float64Array.from(logits, (z) => Math.exp((z - max) / temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  let u = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return weights.length - 1; // u landed on total through rounding
}
