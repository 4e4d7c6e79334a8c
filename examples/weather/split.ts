/**
 * Chronological split by the date of the forecast target. Forecasting is judged on the future, so
 * no shuffling: train on the early years, pick models on the last months before the test year,
 * and test on a whole year (every season once).
 */
import { isoFromDay } from "./calendar.ts";

export type SplitName = "train" | "validation" | "test";

/** Inclusive day-number ranges for targets of each split. */
export interface ChronoSplit {
  testYear: number;
  trainEnd: number;
  validationStart: number;
  validationEnd: number;
  testStart: number;
  testEnd: number;
}

/**
 * Default: test = targets in `testYear` (2015 for Seattle), validation = the last
 * `validationMonths` months before it (Oct–Dec 2014), train = every earlier target.
 */
export function chronoSplit(testYear = 2015, validationMonths = 3): ChronoSplit {
  if (!(Number.isInteger(validationMonths) && validationMonths >= 1 && validationMonths <= 11)) {
    throw new Error(`chronoSplit: expected validationMonths in 1..11, got ${validationMonths}`);
  }
  const day = (y: number, m: number, d: number) => Date.UTC(y, m, d) / 86_400_000;
  const testStart = day(testYear, 0, 1);
  const validationStart = day(testYear - 1, 12 - validationMonths, 1);
  return { testYear, trainEnd: validationStart - 1, validationStart, validationEnd: testStart - 1, testStart, testEnd: day(testYear, 11, 31) };
}

/** Which split a target day belongs to, or null if it is after the test year. */
export function splitOf(day: number, s: ChronoSplit): SplitName | null {
  if (day <= s.trainEnd) return "train";
  if (day <= s.validationEnd) return "validation";
  if (day <= s.testEnd) return "test";
  return null;
}

/** Human-readable ranges, for logs and the results JSON. */
export function describeSplit(s: ChronoSplit): Record<SplitName, string> {
  return {
    train: `targets up to ${isoFromDay(s.trainEnd)}`,
    validation: `${isoFromDay(s.validationStart)} to ${isoFromDay(s.validationEnd)}`,
    test: `${isoFromDay(s.testStart)} to ${isoFromDay(s.testEnd)}`,
  };
}
