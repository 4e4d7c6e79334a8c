/** Forecast errors in the data's own units (°C here), so they read directly. */

function checkPair(name: string, predicted: ArrayLike<number>, actual: ArrayLike<number>): void {
  if (predicted.length !== actual.length) throw new Error(`${name}: expected predictions and targets of equal length, got ${predicted.length} and ${actual.length}`);
  if (actual.length === 0) throw new Error(`${name}: expected at least one value, got none`);
}

/** Mean absolute error. */
export function meanAbsoluteError(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  checkPair("meanAbsoluteError", predicted, actual);
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(predicted[i] - actual[i]);
  return s / actual.length;
}

/** Root mean squared error. */
export function rootMeanSquaredError(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  checkPair("rootMeanSquaredError", predicted, actual);
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += (predicted[i] - actual[i]) ** 2;
  return Math.sqrt(s / actual.length);
}

/** Both metrics, keyed the way the results table prints them. */
export function forecastMetrics(predicted: ArrayLike<number>, actual: ArrayLike<number>): { "MAE °C": number; "RMSE °C": number } {
  return { "MAE °C": meanAbsoluteError(predicted, actual), "RMSE °C": rootMeanSquaredError(predicted, actual) };
}
