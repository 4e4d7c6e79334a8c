/**
 * Reads daily weather CSVs with the columns of vega-datasets' seattle-weather.csv
 * (date, precipitation, temp_max, temp_min, wind[, weather]) and optionally a location column.
 * Every problem is reported with the file, line and column, because a forecaster trained on a
 * silently skipped or misparsed row is wrong in ways no metric explains.
 */
import { parse } from "csv-parse/sync";
import { parseIsoDay } from "./calendar.ts";

/** One day of observations, in the units of the file (°C, mm, m/s). */
export interface WeatherDay {
  /** "YYYY-MM-DD" as written in the file. */
  date: string;
  /** Days since 1970-01-01 (see calendar.ts). */
  day: number;
  precipitation: number;
  tempMax: number;
  tempMin: number;
  wind: number;
  /** The file's line number, so later checks can still point at the row. */
  line: number;
}

export interface ReadWeatherOptions {
  /** Keep only rows whose location column equals this (case-insensitive). */
  location?: string;
  /** Name used in error messages; default "CSV". */
  source?: string;
  /** Fewer data rows than this (after the location filter) is an error; default 2. */
  minRows?: number;
}

const NUMERIC_COLUMNS = [
  ["precipitation", "precipitation"],
  ["temp_max", "tempMax"],
  ["temp_min", "tempMin"],
  ["wind", "wind"],
] as const;
const REQUIRED_COLUMNS = ["date", ...NUMERIC_COLUMNS.map(([c]) => c)];
const KNOWN_COLUMNS = new Set([...REQUIRED_COLUMNS, "weather", "location"]);

/** Parses CSV text into days sorted by date; throws naming line and column on bad data. */
export function parseWeatherCsv(text: string, opts: ReadWeatherOptions = {}): WeatherDay[] {
  const source = opts.source ?? "CSV";
  const minRows = opts.minRows ?? 2;
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }) as unknown as typeof records;
  } catch (err) {
    throw new Error(`${source}: not readable as CSV: ${(err as Error).message}`);
  }
  if (records.length === 0) throw new Error(`${source}: expected a header line (${REQUIRED_COLUMNS.join(",")}), got an empty file`);

  const header = records[0].record.map((h) => h.toLowerCase());
  const index = new Map(header.map((h, i) => [h, i]));
  const missing = REQUIRED_COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0) {
    const unknown = header.filter((h) => !KNOWN_COLUMNS.has(h));
    const hint = unknown.length > 0 ? `; unknown column(s) ${unknown.map((u) => `"${u}"`).join(", ")}` : "";
    throw new Error(`${source} line 1: missing column(s) ${missing.map((m) => `"${m}"`).join(", ")}; expected ${REQUIRED_COLUMNS.join(",")}, got ${header.join(",")}${hint}`);
  }
  const locationIndex = index.get("location");
  if (opts.location !== undefined && locationIndex === undefined) {
    throw new Error(`${source} line 1: --location "${opts.location}" needs a "location" column; got columns ${header.join(",")}`);
  }

  const rows = records.slice(1);
  if (locationIndex !== undefined) {
    const locations = [...new Set(rows.map((r) => r.record[locationIndex] ?? ""))];
    if (opts.location === undefined && locations.length > 1) {
      throw new Error(`${source}: the file has ${locations.length} locations (${locations.join(", ")}); choose one with --location`);
    }
    if (opts.location !== undefined && !locations.some((l) => l.toLowerCase() === opts.location!.toLowerCase())) {
      throw new Error(`${source}: location "${opts.location}" not found; the file has ${locations.join(", ")}`);
    }
  }

  const days: WeatherDay[] = [];
  for (const { record, info } of rows) {
    const line = info.lines;
    if (opts.location !== undefined && (record[locationIndex!] ?? "").toLowerCase() !== opts.location.toLowerCase()) continue;
    const field = (column: string): string => {
      const value = record[index.get(column)!];
      if (value === undefined || value === "") throw new Error(`${source} line ${line}, column "${column}": missing value (the row has ${record.length} of ${header.length} fields)`);
      return value;
    };
    const date = field("date");
    const day = parseIsoDay(date);
    if (day === null) throw new Error(`${source} line ${line}, column "date": expected a date YYYY-MM-DD, got "${date}"`);
    const values = {} as Record<(typeof NUMERIC_COLUMNS)[number][1], number>;
    for (const [column, key] of NUMERIC_COLUMNS) {
      const raw = field(column);
      const x = Number(raw);
      if (!Number.isFinite(x)) throw new Error(`${source} line ${line}, column "${column}": expected a number, got "${raw}"`);
      values[key] = x;
    }
    days.push({ date, day, line, ...values });
  }

  if (days.length < minRows) {
    const where = opts.location === undefined ? "" : ` for location "${opts.location}"`;
    throw new Error(`${source}: expected at least ${minRows} data rows${where}, got ${days.length}`);
  }
  days.sort((a, b) => a.day - b.day);
  for (let i = 1; i < days.length; i++) {
    if (days[i].day === days[i - 1].day) {
      throw new Error(`${source} line ${days[i].line}, column "date": ${days[i].date} already appears on line ${days[i - 1].line}`);
    }
  }
  return days;
}
