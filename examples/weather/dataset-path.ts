/**
 * Finds CSV files inside the installed vega-datasets package. Its package.json "exports" only
 * exposes the JS entry, so "vega-datasets/data/…" cannot be resolved directly; we resolve the
 * entry and walk up to the package root instead of hard-coding a node_modules path.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** Absolute path of the installed vega-datasets package folder. */
export function vegaDatasetsRoot(): string {
  let entry: string;
  try {
    entry = require.resolve("vega-datasets");
  } catch (err) {
    throw new Error(`vega-datasets: expected the package to be installed (it is a devDependency of the workspace root); resolving it failed: ${(err as Error).message}`);
  }
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "vega-datasets") return dir;
  }
  throw new Error(`vega-datasets: found its entry ${entry} but no package.json named vega-datasets above it`);
}

/** Path of a file in vega-datasets' data/ folder, e.g. "seattle-weather.csv". */
export function vegaDatasetPath(file: string): string {
  const path = join(vegaDatasetsRoot(), "data", file);
  if (!existsSync(path)) throw new Error(`vega-datasets: expected data/${file} in the installed package, not found at ${path}`);
  return path;
}

/** The default data for the weather example: Seattle, 2012–2015, one row per day. */
export const seattleWeatherCsv = (): string => vegaDatasetPath("seattle-weather.csv");
/** Seattle and New York in one file, with a location column. */
export const twoCityWeatherCsv = (): string => vegaDatasetPath("weather.csv");
