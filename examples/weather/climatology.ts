/**
 * Climatology baseline: the average temp_max for the calendar day, from the training years.
 * Three years give only three samples per day, so each day's value pools every observation
 * within ±halfWidth days (circularly, so late December borrows from early January). That is a
 * (2·halfWidth+1)-day moving average that stays right when some days are missing.
 */
import { dayOfNoLeapYear, isoFromDay } from "./calendar.ts";
import type { WeatherDay } from "./weather-csv.ts";

export interface Climatology {
  /** Mean temp_max in °C for no-leap day of year 1..365, at index doy − 1; NaN where no data. */
  normals: Float64Array;
  halfWidth: number;
  /** How many days went into the fit. */
  count: number;
}

/** Fits day-of-year normals of temp_max from the days with fromDay ≤ day ≤ toDay. */
export function fitClimatology(days: readonly WeatherDay[], fromDay: number, toDay: number, halfWidth = 7): Climatology {
  if (!(Number.isInteger(halfWidth) && halfWidth >= 0 && halfWidth <= 182)) throw new Error(`fitClimatology: expected halfWidth in 0..182, got ${halfWidth}`);
  const sum = new Float64Array(365);
  const n = new Float64Array(365);
  let count = 0;
  for (const d of days) {
    if (d.day < fromDay || d.day > toDay) continue;
    count++;
    const doy = dayOfNoLeapYear(d.day) - 1;
    for (let k = -halfWidth; k <= halfWidth; k++) {
      const j = (((doy + k) % 365) + 365) % 365;
      sum[j] += d.tempMax;
      n[j]++;
    }
  }
  const normals = new Float64Array(365);
  for (let j = 0; j < 365; j++) {
    // Left NaN rather than thrown here: a short file may still cover every day it is asked about.
    normals[j] = n[j] === 0 ? NaN : sum[j] / n[j];
  }
  return { normals, halfWidth, count };
}

/** Climatology forecasts (°C) for target day numbers. */
export function climatologyForecast(c: Climatology, targetDays: ArrayLike<number>): Float64Array {
  return Float64Array.from(targetDays, (day) => {
    const value = c.normals[dayOfNoLeapYear(day) - 1];
    if (Number.isNaN(value)) {
      throw new Error(`climatologyForecast: no training day within ±${c.halfWidth} days of the calendar day of ${isoFromDay(day)}; widen halfWidth or give more years`);
    }
    return value;
  });
}
