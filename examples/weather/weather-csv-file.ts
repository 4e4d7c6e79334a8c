/** Reading a weather CSV from disk (Node); parsing is in weather-csv.ts, which also runs in a browser. */
import { readFileSync } from "node:fs";
import { type ReadWeatherOptions, type WeatherDay, parseWeatherCsv } from "./weather-csv.ts";

/** Reads and parses a weather CSV file (see parseWeatherCsv). */
export function readWeatherCsv(path: string, opts: ReadWeatherOptions = {}): WeatherDay[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new Error(`weather CSV: cannot read ${path}: ${(err as Error).message}`);
  }
  return parseWeatherCsv(text, { source: path, ...opts });
}
