// 3.4's seq2seq task: a real calendar date written one of many ways (Chinese and English)
// → the same date in ISO 8601 (YYYY-MM-DD). Dates are drawn, seeded, from 1950-01-01 to
// 2049-12-31 through JavaScript's Date in UTC, so every date (leap days included) exists
// and weekdays are right. The formats are in FORMATS; the page lists them.
import { seededRandom } from "../data/synthetic.js";

export interface CalendarDate {
  year: number;
  month: number; // 1–12
  day: number;
  weekday: number; // 0 = Sunday
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const CN_DIGITS = "〇一二三四五六七八九";
const CN_WEEKDAYS = "日一二三四五六";
const FIRST_DAY = Date.UTC(1950, 0, 1);
const DAYS = Math.round((Date.UTC(2050, 0, 1) - FIRST_DAY) / 86_400_000);

const pad2 = (n: number) => String(n).padStart(2, "0");
const short = (month: number) => MONTHS[month - 1].slice(0, 3);
/** 2021 → 二〇二一 (digit by digit, as years are read). */
const cnYear = (year: number) => [...String(year)].map((d) => CN_DIGITS[Number(d)]).join("");
/** 1–31 → 一 … 十 … 二十一 … 三十一 (as months and days are read). */
export function cnNumber(n: number): string {
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return (tens === 0 ? "" : tens === 1 ? "十" : CN_DIGITS[tens] + "十") + (ones === 0 && tens > 0 ? "" : CN_DIGITS[ones]);
}

/** The ways a date is written; each takes the date and returns the text. */
export const FORMATS: { name: string; write: (d: CalendarDate) => string }[] = [
  { name: "2021年3月5日", write: (d) => `${d.year}年${d.month}月${d.day}日` },
  { name: "2021年03月05日", write: (d) => `${d.year}年${pad2(d.month)}月${pad2(d.day)}日` },
  { name: "二〇二一年三月五日", write: (d) => `${cnYear(d.year)}年${cnNumber(d.month)}月${cnNumber(d.day)}日` },
  { name: "2021年3月5日星期五", write: (d) => `${d.year}年${d.month}月${d.day}日星期${CN_WEEKDAYS[d.weekday]}` },
  { name: "2021/3/5", write: (d) => `${d.year}/${d.month}/${d.day}` },
  { name: "2021.03.05", write: (d) => `${d.year}.${pad2(d.month)}.${pad2(d.day)}` },
  { name: "March 5, 2021", write: (d) => `${MONTHS[d.month - 1]} ${d.day}, ${d.year}` },
  { name: "5 March 2021", write: (d) => `${d.day} ${MONTHS[d.month - 1]} ${d.year}` },
  { name: "Mar 5 2021", write: (d) => `${short(d.month)} ${d.day} ${d.year}` },
  { name: "05-Mar-2021", write: (d) => `${pad2(d.day)}-${short(d.month)}-${d.year}` },
  { name: "03/05/2021（美式，月/日/年）", write: (d) => `${pad2(d.month)}/${pad2(d.day)}/${d.year}` }
];

export const isoDate = (d: CalendarDate) => `${d.year}-${pad2(d.month)}-${pad2(d.day)}`;

/** The date `index` days after 1950-01-01 (UTC: no time zone or daylight saving). */
export function dateAt(index: number): CalendarDate {
  const t = new Date(FIRST_DAY + index * 86_400_000);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate(), weekday: t.getUTCDay() };
}

export interface DatePair {
  source: string;
  target: string;
  format: number;
}

/** `count` (date, format) pairs, seeded. Train and test use disjoint calendar days:
 * a day goes to the test set when its index is ≡ 0 mod 5 (one day in five). */
export function datePairs(count: number, { seed = 1, split = "train" as "train" | "test" } = {}): DatePair[] {
  const random = seededRandom(seed);
  const pairs: DatePair[] = [];
  while (pairs.length < count) {
    const index = Math.floor(random() * DAYS);
    const format = Math.floor(random() * FORMATS.length);
    if ((index % 5 === 0) !== (split === "test")) continue;
    const date = dateAt(index);
    pairs.push({ source: FORMATS[format].write(date), target: isoDate(date), format });
  }
  return pairs;
}

/** Every character any format can produce (the encoder's vocabulary, before special ids). */
export function sourceAlphabet(): string[] {
  const chars = new Set<string>();
  for (let i = 0; i < DAYS; i += 1) {
    const d = dateAt(i);
    // Every month, weekday and day number appears within the first years; all digits soon after.
    if (i > 800) break;
    for (const f of FORMATS) for (const c of f.write(d)) chars.add(c);
  }
  for (const c of "0123456789" + CN_DIGITS) chars.add(c);
  return [...chars].sort();
}
