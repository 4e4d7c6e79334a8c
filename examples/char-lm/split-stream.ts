/**
 * Train/validation split of one long id stream. The validation part is the tail, taken whole:
 * a random split of characters would put each validation character's neighbours in training.
 */

/** Splits ids into a leading training part and a trailing validation part. */
export function splitStream(ids: Int32Array, validationFraction = 0.1): { train: Int32Array; validation: Int32Array } {
  if (!(validationFraction > 0 && validationFraction < 1)) throw new Error(`splitStream: expected validationFraction in (0, 1), got ${validationFraction}`);
  const cut = Math.round(ids.length * (1 - validationFraction));
  if (cut < 2 || ids.length - cut < 2) throw new Error(`splitStream: ${ids.length} ids leave fewer than 2 on one side of a ${validationFraction} split`);
  return { train: ids.subarray(0, cut), validation: ids.subarray(cut) };
}
