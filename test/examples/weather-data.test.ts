import { describe, expect, it } from "vitest";
import { twoCityWeatherCsv } from "../../examples/weather/dataset-path.ts";
import { FEATURE_COUNT } from "../../examples/weather/features.ts";
import { buildForecastTask } from "../../examples/weather/forecast-task.ts";
import { parseWeatherCsv } from "../../examples/weather/weather-csv.ts";
import { readWeatherCsv } from "../../examples/weather/weather-csv-file.ts";

const HEADER = "date,precipitation,temp_max,temp_min,wind,weather";

/** One row per day from `start` for `n` days, temp_max = f(i). */
function tinyCsv(start: string, n: number, tempMax: (i: number) => number): string {
  const t0 = Date.parse(`${start}T00:00:00Z`);
  const lines = [HEADER];
  for (let i = 0; i < n; i++) {
    const date = new Date(t0 + i * 86_400_000).toISOString().slice(0, 10);
    lines.push(`${date},${i % 3},${tempMax(i)},${tempMax(i) - 5},${1 + (i % 4)},sun`);
  }
  return lines.join("\n");
}

describe("weather CSV reading", () => {
  it("names line and column for missing and non-numeric fields", () => {
    expect(() => parseWeatherCsv(`${HEADER}\n2012-01-01,0,10,5,3,sun\n2012-01-02,0,,5,3,sun`)).toThrow(/line 3, column "temp_max": missing value/);
    expect(() => parseWeatherCsv(`${HEADER}\n2012-01-01,0,10,5,3,sun\n2012-01-02,0,11,5`)).toThrow(/line 3, column "wind": missing value/);
    expect(() => parseWeatherCsv(`${HEADER}\n2012-01-01,0,10,5,3,sun\n2012-01-02,0,11,five,3,sun`)).toThrow(/line 3, column "temp_min": expected a number, got "five"/);
  });

  it("names line and column for unparseable or repeated dates", () => {
    expect(() => parseWeatherCsv(`${HEADER}\n2012-01-01,0,10,5,3,sun\n01/02/2012,0,11,5,3,sun`)).toThrow(/line 3, column "date": expected a date YYYY-MM-DD, got "01\/02\/2012"/);
    expect(() => parseWeatherCsv(`${HEADER}\n2013-02-28,0,10,5,3,sun\n2013-02-30,0,11,5,3,sun`)).toThrow(/line 3, column "date".*2013-02-30/);
    expect(() => parseWeatherCsv(`${HEADER}\n2012-01-01,0,10,5,3,sun\n2012-01-01,0,11,5,3,sun`)).toThrow(/line 3, column "date": 2012-01-01 already appears on line 2/);
  });

  it("reports missing and unknown columns and too few rows", () => {
    expect(() => parseWeatherCsv("date,precipitation,tempmax,temp_min,wind\n2012-01-01,0,10,5,3")).toThrow(/line 1: missing column\(s\) "temp_max".*unknown column\(s\) "tempmax"/);
    expect(() => parseWeatherCsv(`${HEADER}\n2012-01-01,0,10,5,3,sun`)).toThrow(/expected at least 2 data rows, got 1/);
    expect(() => parseWeatherCsv(`${HEADER}\n2012-01-01,0,10,5,3,sun\n2012-01-02,0,10,5,3,sun`, { location: "Seattle" })).toThrow(/needs a "location" column/);
    expect(() => parseWeatherCsv("")).toThrow(/expected a header line/);
  });

  it("filters data/weather.csv to New York, and refuses to mix cities", () => {
    const ny = readWeatherCsv(twoCityWeatherCsv(), { location: "New York" });
    expect(ny.length).toBe(1461);
    // First New York row of the file: New York,2012-01-01,1.8,10.0,3.3,5.1,rain
    expect(ny[0]).toMatchObject({ date: "2012-01-01", precipitation: 1.8, tempMax: 10, tempMin: 3.3, wind: 5.1 });
    expect(ny[0].line).toBeGreaterThan(1462); // after the 1461 Seattle rows
    const seattle = readWeatherCsv(twoCityWeatherCsv(), { location: "seattle" });
    expect(seattle[0].tempMax).toBe(12.8);
    expect(() => readWeatherCsv(twoCityWeatherCsv())).toThrow(/2 locations \(Seattle, New York\); choose one with --location/);
    expect(() => readWeatherCsv(twoCityWeatherCsv(), { location: "Boston" })).toThrow(/location "Boston" not found; the file has Seattle, New York/);
  });
});

describe("forecast task", () => {
  // 2014-06-01 … 2015-01-10: train targets to 2014-09-30, validation Oct–Dec, test 1–10 Jan 2015.
  const days = parseWeatherCsv(tinyCsv("2014-06-01", 224, (i) => i));
  const task = buildForecastTask(days, { windowLength: 3, dtype: "float64" });

  it("normalises with statistics of training days only", () => {
    // Training days are 2014-06-01 … 2014-09-30: temp_max 0..121.
    const train = days.filter((d) => d.date <= "2014-09-30").map((d) => d.tempMax);
    const mean = train.reduce((a, b) => a + b, 0) / train.length;
    const std = Math.sqrt(train.reduce((a, b) => a + (b - mean) ** 2, 0) / train.length);
    expect(task.standardizer.count).toBe(122);
    expect(task.standardizer.mean[0]).toBeCloseTo(mean, 10);
    expect(task.standardizer.std[0]).toBeCloseTo(std, 10);
    expect(task.standardizer.mean[0]).toBeCloseTo(60.5, 10); // all 224 days would give 111.5
    // Season features stay as they are.
    expect([task.standardizer.mean[4], task.standardizer.std[5]]).toEqual([0, 1]);
  });

  it("windows have shape [N, T, F], next-day targets and dates by split", () => {
    const { train, validation, test } = task;
    expect([train.count, validation.count, test.count]).toEqual([122 - 3, 92, 10]);
    expect(test.x.length).toBe(test.count * 3 * FEATURE_COUNT);
    expect(test.dates[0]).toBe("2015-01-01");
    expect(test.targetC[0]).toBe(214); // day index 214 is 2015-01-01
    expect(test.lastTempMaxC[0]).toBe(213);
    // Window n, step t, feature 0 is the normalised temp_max of day (target − 3 + t).
    const s = task.standardizer;
    for (let t = 0; t < 3; t++) expect(test.x[(0 * 3 + t) * FEATURE_COUNT]).toBeCloseTo((211 + t - s.mean[0]) / s.std[0], 10);
    expect(Array.from(task.toCelsius(test.y))).toEqual(Array.from(test.targetC).map((v) => expect.closeTo(v, 9)));
    expect(train.dates[0]).toBe("2014-06-04");
    expect(validation.dates[0]).toBe("2014-10-01");
    expect(validation.dates[91]).toBe("2014-12-31");
  });

  it("skips windows that span a gap and uses float32 by default", () => {
    const csv = tinyCsv("2014-09-20", 120, (i) => i).split("\n");
    csv.splice(1 + 105, 1); // drop 2015-01-03
    const gappy = buildForecastTask(parseWeatherCsv(csv.join("\n")), { windowLength: 3 });
    expect(gappy.test.x).toBeInstanceOf(Float32Array);
    expect(gappy.test.dates.slice(0, 4)).toEqual(["2015-01-01", "2015-01-02", "2015-01-07", "2015-01-08"]);
  });

  it("says which split is empty", () => {
    expect(() => buildForecastTask(parseWeatherCsv(tinyCsv("2014-06-01", 100, (i) => i)))).toThrow(/validation split has no 14-day windows; the data covers 2014-06-01 to 2014-09-08/);
  });
});
