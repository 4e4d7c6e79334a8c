/**
 * Seeded generator of (written date → ISO date) pairs with a held-out split by calendar date:
 * a test date never appears in training in any format, so exact-match accuracy measures
 * generalisation, not recall of a date seen written another way.
 */
import { SeededRng } from "../shared/rng.ts";
import { type CalendarDate, DATE_FORMATS, isoDate } from "./date-formats.ts";

export interface DatePair {
  source: string;
  target: string;
  format: string;
}

export interface DatePairOptions {
  seed?: number;
  minYear?: number;
  maxYear?: number;
  /** Format names to draw from (default: all of DATE_FORMATS). */
  formats?: readonly string[];
}

/** Random valid date with minYear ≤ year ≤ maxYear, uniform over days. */
function randomDate(rng: SeededRng, minYear: number, maxYear: number): CalendarDate {
  const lo = Date.UTC(minYear, 0, 1) / 86_400_000;
  const hi = Date.UTC(maxYear, 11, 31) / 86_400_000;
  const d = new Date(rng.int(lo, hi) * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** `train` and `test` pairs whose underlying dates are disjoint; same seed → same pairs. */
export function generateDatePairs(train: number, test: number, opts: DatePairOptions = {}): { train: DatePair[]; test: DatePair[] } {
  const { seed = 1, minYear = 1970, maxYear = 2069 } = opts;
  if (minYear < 1970 || maxYear > 2069 || minYear > maxYear) {
    throw new Error(`generateDatePairs: expected 1970 <= minYear <= maxYear <= 2069 (two-digit years are read with a 1970–2069 pivot), got ${minYear}..${maxYear}`);
  }
  const names = opts.formats ?? Object.keys(DATE_FORMATS);
  for (const name of names) if (!(name in DATE_FORMATS)) throw new Error(`generateDatePairs: unknown format "${name}"; known: ${Object.keys(DATE_FORMATS).join(", ")}`);
  const days = (Date.UTC(maxYear, 11, 31) - Date.UTC(minYear, 0, 1)) / 86_400_000 + 1;
  if (test > days / 2) throw new Error(`generateDatePairs: ${test} held-out dates would take more than half of the ${days} days in ${minYear}..${maxYear}`);

  const rng = new SeededRng(seed);
  // Held-out dates are drawn first, then training pairs are drawn until `train` avoid them.
  const heldOut = new Set<string>();
  const testPairs: DatePair[] = [];
  while (testPairs.length < test) {
    const d = randomDate(rng, minYear, maxYear);
    const target = isoDate(d);
    if (heldOut.has(target)) continue;
    heldOut.add(target);
    const format = rng.pick(names);
    testPairs.push({ source: DATE_FORMATS[format](d), target, format });
  }
  const trainPairs: DatePair[] = [];
  while (trainPairs.length < train) {
    const d = randomDate(rng, minYear, maxYear);
    const target = isoDate(d);
    if (heldOut.has(target)) continue;
    const format = rng.pick(names);
    trainPairs.push({ source: DATE_FORMATS[format](d), target, format });
  }
  return { train: trainPairs, test: testPairs };
}

/** Fraction of predictions exactly equal to their targets (whitespace at the ends ignored). */
export function exactMatchAccuracy(predictions: readonly string[], targets: readonly string[]): number {
  if (predictions.length !== targets.length) throw new Error(`exactMatchAccuracy: expected equal counts, got ${predictions.length} predictions and ${targets.length} targets`);
  if (targets.length === 0) throw new Error("exactMatchAccuracy: expected at least one target, got none");
  let hits = 0;
  for (let i = 0; i < targets.length; i++) if (predictions[i].trim() === targets[i].trim()) hits++;
  return hits / targets.length;
}
