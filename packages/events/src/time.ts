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
