import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { climatologyForecast, fitClimatology } from "../../examples/weather/climatology.ts";
import { seattleWeatherCsv } from "../../examples/weather/dataset-path.ts";
import { buildForecastTask } from "../../examples/weather/forecast-task.ts";
import { meanAbsoluteError, rootMeanSquaredError } from "../../examples/weather/metrics.ts";
import { persistenceForecast } from "../../examples/weather/persistence.ts";
import { parseWeatherCsv } from "../../examples/weather/weather-csv.ts";
import { readWeatherCsv } from "../../examples/weather/weather-csv-file.ts";

describe("weather baselines", () => {
  it("persistence MAE on Seattle 2015 equals a hand loop over the CSV rows (2.24 °C)", () => {
    // Independent of the helpers: split lines by hand, pair each 2015 row with the row before it.
    const lines = readFileSync(seattleWeatherCsv(), "utf8").trim().split("\n");
    const header = lines[0].split(",");
    const dateCol = header.indexOf("date");
    const maxCol = header.indexOf("temp_max");
    const rows = lines.slice(1).map((l) => l.split(","));
    let sumAbs = 0;
    let sumSq = 0;
    let n = 0;
    for (let i = 1; i < rows.length; i++) {
      if (!rows[i][dateCol].startsWith("2015-")) continue;
      const err = Number(rows[i][maxCol]) - Number(rows[i - 1][maxCol]);
      sumAbs += Math.abs(err);
      sumSq += err * err;
      n++;
    }
    expect(n).toBe(365); // 2015-01-01 (forecast from 2014-12-31) … 2015-12-31

    const task = buildForecastTask(readWeatherCsv(seattleWeatherCsv()));
    const pred = persistenceForecast(task.test);
    expect(task.test.count).toBe(365);
    expect(task.test.dates[0]).toBe("2015-01-01");
    expect(meanAbsoluteError(pred, task.test.targetC)).toBeCloseTo(sumAbs / n, 10);
    expect(rootMeanSquaredError(pred, task.test.targetC)).toBeCloseTo(Math.sqrt(sumSq / n), 10);
    expect(sumAbs / n).toBeCloseTo(2.24, 2);
  });

  it("climatology averages the same calendar day over the training years, pooling ±halfWidth days", () => {
    // Two years, two days each around 1 March; 2012 is a leap year so 29 Feb shares 28 Feb's slot.
    const csv = [
      "date,precipitation,temp_max,temp_min,wind",
      "2012-02-28,0,10,0,1",
      "2012-02-29,0,20,0,1",
      "2012-03-01,0,30,0,1",
      "2013-02-28,0,14,0,1",
      "2013-03-01,0,40,0,1",
    ].join("\n");
    const days = parseWeatherCsv(csv);
    const from = days[0].day;
    const to = days[days.length - 1].day;
    // halfWidth 0 leaves most of the year without data: asking for such a day is an error, not NaN.
    const c0 = fitClimatology(days, from, to, 0);
    expect(() => climatologyForecast(c0, [days[0].day + 100])).toThrow(/2012-06-07/);
    expect(climatologyForecast(c0, [days[0].day + 366])[0]).toBeCloseTo((10 + 20 + 14) / 3, 12); // 2013-02-28
    const c = fitClimatology(days, from, to, 182);
    // With a ±182-day window every slot pools all five days: the plain mean.
    expect(c.normals[0]).toBeCloseTo((10 + 20 + 30 + 14 + 40) / 5, 12);

    const c1 = fitClimatology(days, from, to, 1);
    // normals[d - 1] is no-leap day d. Day 59 (28 Feb) pools days 58..60: 28 Feb ×2, 29 Feb
    // (which shares day 59), 1 Mar ×2 — all five. Day 61 (2 Mar) pools 60..62: only the 1 Mar rows.
    expect(c1.normals[58]).toBeCloseTo((10 + 20 + 30 + 14 + 40) / 5, 12);
    expect(c1.normals[59]).toBeCloseTo((10 + 20 + 30 + 14 + 40) / 5, 12);
    expect(c1.normals[60]).toBeCloseTo((30 + 40) / 2, 12);
    expect(c1.normals[57]).toBeCloseTo((10 + 20 + 14) / 3, 12);
    const [pred] = climatologyForecast(c1, [days[2].day + 366]); // 2013-03-02
    expect(pred).toBeCloseTo(35, 12);
  });
});
