/**
 * Per-feature z-scoring whose statistics come from the training rows only: using validation or
 * test rows would leak their level and spread into the inputs the model is scored on.
 */

export interface Standardizer {
  mean: Float64Array;
  std: Float64Array;
  /** How many rows the statistics were computed from. */
  count: number;
}

/**
 * Fits mean and (population) std for each of `featureCount` columns over the rows where
 * `useRow(i)` is true. Columns in `unscaled` keep mean 0, std 1; constant columns get std 1.
 */
export function fitStandardizer(
  matrix: Float64Array,
  featureCount: number,
  useRow: (row: number) => boolean,
  unscaled: readonly number[] = [],
): Standardizer {
  if (matrix.length % featureCount !== 0) {
    throw new Error(`fitStandardizer: matrix of ${matrix.length} values is not a whole number of rows of ${featureCount} features`);
  }
  const rows = matrix.length / featureCount;
  const mean = new Float64Array(featureCount);
  const sq = new Float64Array(featureCount);
  let count = 0;
  for (let r = 0; r < rows; r++) {
    if (!useRow(r)) continue;
    count++;
    for (let f = 0; f < featureCount; f++) mean[f] += matrix[r * featureCount + f];
  }
  if (count === 0) throw new Error("fitStandardizer: expected at least one training row, got none");
  for (let f = 0; f < featureCount; f++) mean[f] /= count;
  for (let r = 0; r < rows; r++) {
    if (!useRow(r)) continue;
    for (let f = 0; f < featureCount; f++) sq[f] += (matrix[r * featureCount + f] - mean[f]) ** 2;
  }
  const std = sq.map((s) => Math.sqrt(s / count));
  for (let f = 0; f < featureCount; f++) {
    if (unscaled.includes(f)) {
      mean[f] = 0;
      std[f] = 1;
    } else if (!(std[f] > 1e-12)) {
      std[f] = 1;
    }
  }
  return { mean, std, count };
}

/** Returns a new matrix with every column z-scored. */
export function standardize(matrix: Float64Array, s: Standardizer): Float64Array {
  const F = s.mean.length;
  return matrix.map((x, i) => (x - s.mean[i % F]) / s.std[i % F]);
}

/** Inverse of standardize for one column: normalised values back to the file's units. */
export function unstandardizeColumn(values: ArrayLike<number>, s: Standardizer, feature: number): Float64Array {
  return Float64Array.from(values, (v) => v * s.std[feature] + s.mean[feature]);
}
