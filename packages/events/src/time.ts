const hourMs = 3_600_000;
/** Year 10000: past it toISOString writes a six-digit year with a sign. */
const maxFourDigitYearMs = 253_402_300_800_000;
const twoDigits = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const threeDigits = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const hourPrefixes = new Map<number, string>();

/**
 * `new Date(ms).toISOString()`, the same string, several times faster: the worker formats
 * several times per event, and `toISOString` was its costliest single call. The
 * `YYYY-MM-DDTHH:` prefix is cached per hour (events cluster in few hours); minutes, seconds and
 * milliseconds come from lookup tables. Throws RangeError for an invalid time, as toISOString does.
 */
export function isoFromMs(ms: number): string {
  const t = Math.trunc(ms);
  if (!(t >= 0 && t < maxFourDigitYearMs)) return new Date(t).toISOString();
  const hour = Math.floor(t / hourMs);
  let prefix = hourPrefixes.get(hour);
  if (prefix === undefined) {
    if (hourPrefixes.size >= 8192) hourPrefixes.clear();
    prefix = new Date(hour * hourMs).toISOString().slice(0, 14);
    hourPrefixes.set(hour, prefix);
  }
  const inHour = t - hour * hourMs;
  const minute = Math.floor(inHour / 60_000);
  const inMinute = inHour - minute * 60_000;
  const second = Math.floor(inMinute / 1000);
  return `${prefix}${twoDigits[minute]}:${twoDigits[second]}.${threeDigits[inMinute - second * 1000]}Z`;
}

const hourStarts = new Map<string, number>();

function digitAt(text: string, at: number): number {
  const d = text.charCodeAt(at) - 48;
  return d >= 0 && d <= 9 ? d : Number.NaN;
}

/**
 * The inverse of isoFromMs: the time of a string in exactly the form it writes
 * (`YYYY-MM-DDTHH:MM:SS.sssZ`), or NaN for any other string, even one Date.parse reads. Every
 * wire event carries two such strings; `Date.parse` and a round trip through isoFromMs to prove
 * the form canonical cost more than the rest of its validation. The hour prefix is checked once
 * and cached, like isoFromMs caches it; minutes, seconds and milliseconds are read digit by digit.
 */
export function msFromIso(text: string): number {
  if (
    text.length !== 24 ||
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(19) !== 46 ||
    text.charCodeAt(23) !== 90
  )
    return Number.NaN;
  const prefix = text.slice(0, 14);
  let hourStart = hourStarts.get(prefix);
  if (hourStart === undefined) {
    const ms = Date.parse(`${prefix}00:00.000Z`);
    if (!Number.isFinite(ms) || isoFromMs(ms) !== `${prefix}00:00.000Z`) return Number.NaN;
    if (hourStarts.size >= 8192) hourStarts.clear();
    hourStarts.set(prefix, ms);
    hourStart = ms;
  }
  const minute = digitAt(text, 14) * 10 + digitAt(text, 15);
  const second = digitAt(text, 17) * 10 + digitAt(text, 18);
  const milli = digitAt(text, 20) * 100 + digitAt(text, 21) * 10 + digitAt(text, 22);
  // NaN fails both comparisons.
  if (!(minute < 60 && second < 60 && milli >= 0)) return Number.NaN;
  return hourStart + minute * 60_000 + second * 1000 + milli;
}
