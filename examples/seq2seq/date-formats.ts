/**
 * Ways of writing a calendar date that the seq2seq model learns to turn into ISO "YYYY-MM-DD".
 * Each format is one small function so a new variant is one line. Two-digit years use a pivot
 * (00–69 → 20xx, 70–99 → 19xx), which is why generated years stay within 1970–2069.
 */

export interface CalendarDate {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const pad2 = (n: number) => String(n).padStart(2, "0");
const yy = (y: number) => pad2(y % 100);
const short = (month: number) => MONTHS[month - 1].slice(0, 3);
const ordinal = (n: number) => `${n}${n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th"}`;
const weekday = (d: CalendarDate) => WEEKDAYS[new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()];

/** Format name → writer. Names appear in generated pairs so errors can be grouped by format. */
export const DATE_FORMATS: Record<string, (d: CalendarDate) => string> = {
  "D Month YYYY": (d) => `${d.day} ${MONTHS[d.month - 1]} ${d.year}`,
  "Month D, YYYY": (d) => `${MONTHS[d.month - 1]} ${d.day}, ${d.year}`,
  "Mon D, YYYY": (d) => `${short(d.month)} ${d.day}, ${d.year}`,
  "D Mon YYYY": (d) => `${d.day} ${short(d.month)} ${d.year}`,
  "mon d yyyy": (d) => `${short(d.month).toLowerCase()} ${d.day} ${d.year}`,
  "Dth of Month YYYY": (d) => `${ordinal(d.day)} of ${MONTHS[d.month - 1]} ${d.year}`,
  "Weekday, Month D, YYYY": (d) => `${weekday(d)}, ${MONTHS[d.month - 1]} ${d.day}, ${d.year}`,
  "MM/DD/YY": (d) => `${pad2(d.month)}/${pad2(d.day)}/${yy(d.year)}`,
  "M/D/YYYY": (d) => `${d.month}/${d.day}/${d.year}`,
  "DD.MM.YYYY": (d) => `${pad2(d.day)}.${pad2(d.month)}.${d.year}`,
  "YYYY/MM/DD": (d) => `${d.year}/${pad2(d.month)}/${pad2(d.day)}`,
  "YYYY-MM-DD": (d) => isoDate(d),
};

/** The target form, "YYYY-MM-DD". */
export function isoDate(d: CalendarDate): string {
  return `${String(d.year).padStart(4, "0")}-${pad2(d.month)}-${pad2(d.day)}`;
}
