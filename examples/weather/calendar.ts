/**
 * Calendar arithmetic on plain "YYYY-MM-DD" strings, done on whole UTC days so time zones and
 * daylight saving can never shift a row onto the wrong day.
 */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a valid "YYYY-MM-DD", or null if the text is not one (2013-02-30 is not). */
export function parseIsoDay(text: string): number | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 2013-02-30 over to March; a round trip catches that.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / MS_PER_DAY;
}

/** "YYYY-MM-DD" for a day number from parseIsoDay. */
export function isoFromDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Calendar year of a day number. */
export function yearOfDay(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** 1-based day of the year (1..366). */
export function dayOfYear(day: number): number {
  return day - Date.UTC(yearOfDay(day), 0, 1) / MS_PER_DAY + 1;
}

/**
 * Day of a 365-day year (1..365): Feb 29 shares Feb 28's slot and later days shift back by one,
 * so 1 March is always 60. Climatology needs this so leap years line up with the others.
 */
export function dayOfNoLeapYear(day: number): number {
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear();
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const doy = dayOfYear(day);
  return leap && doy >= 60 ? doy - 1 : doy;
}

/** Fraction of the year in [0, 1), for the sin/cos seasonal features. */
export function yearFraction(day: number): number {
  const y = yearOfDay(day);
  const length = (Date.UTC(y + 1, 0, 1) - Date.UTC(y, 0, 1)) / MS_PER_DAY;
  return (dayOfYear(day) - 1) / length;
}
