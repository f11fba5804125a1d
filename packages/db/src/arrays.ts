import { ErrorCodes, TesseraError } from '@tessera/errors';
import { sql } from 'drizzle-orm';

/**
 * Whole columns as one bind parameter each, for set-based writes through `unnest(...)`, in
 * PostgreSQL's binary array format. Both drivers send a Buffer parameter as binary (node-postgres
 * and PGlite alike), so the server reads each element with a fixed-size copy instead of parsing
 * its text: the write path's text literals cost ~8 µs per event in the worker and the server's
 * `array_in`, `uuid_in` and `timestamptz_in` a similar amount again.
 *
 * Layout (src/backend/utils/adt/arrayfuncs.c, array_recv): int32 ndim, int32 has-nulls,
 * uint32 element type oid, then per dimension int32 length and int32 lower bound; then per
 * element int32 byte length (-1 for NULL) and the element's own binary form.
 */

type Writer = {
  oid: number;
  /** Bytes of one element, or -1 when it varies (text, jsonb). */
  size: number;
  write: (view: DataView, bytes: Uint8Array, offset: number, value: unknown) => void;
};

const EPOCH_2000_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;

function fail(pgType: string, value: unknown, why: string): never {
  throw new TesseraError(ErrorCodes.Internal, `cannot send ${String(value)} as ${pgType}: ${why}`, {
    hint: 'the caller must validate values before writing them',
  });
}

function integer(pgType: string, min: number, max: number) {
  return (value: unknown): number => {
    const n = typeof value === 'bigint' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n)) fail(pgType, value, 'not an integer');
    if (n < min || n > max) fail(pgType, value, 'out of range');
    return n;
  };
}

function setInt64(view: DataView, offset: number, n: number): void {
  const high = Math.floor(n / TWO_32);
  view.setInt32(offset, high);
  view.setUint32(offset + 4, n - high * TWO_32);
}

const hexValue = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) hexValue[48 + i] = i;
for (let i = 0; i < 6; i++) {
  hexValue[65 + i] = 10 + i;
  hexValue[97 + i] = 10 + i;
}

function hexByte(text: string, at: number): number {
  const high = hexValue[text.charCodeAt(at)] ?? -1;
  const low = hexValue[text.charCodeAt(at + 1)] ?? -1;
  return high < 0 || low < 0 ? -1 : (high << 4) | low;
}

/** Tenant ids repeat in every row of a batch: their 16 bytes are parsed once. */
const uuidCache = new Map<string, Uint8Array>();

function writeUuid(_view: DataView, bytes: Uint8Array, offset: number, value: unknown): void {
  const cached = uuidCache.get(value as string);
  if (cached !== undefined) {
    bytes.set(cached, offset);
    return;
  }
  parseUuid(bytes, offset, value);
  if (uuidCache.size >= 4096) uuidCache.clear();
  uuidCache.set(value as string, bytes.slice(offset, offset + 16));
}

function parseUuid(bytes: Uint8Array, offset: number, value: unknown): void {
  if (typeof value !== 'string' || value.length !== 36) fail('uuid', value, 'not a UUID');
  let at = 0;
  let bad = 0;
  for (let b = 0; b < 16; b++) {
    // Dashes before bytes 4, 6, 8 and 10 (8-4-4-4-12 hex digits).
    if (b === 4 || b === 6 || b === 8 || b === 10) bad |= value.charCodeAt(at++) ^ 45;
    const byte = hexByte(value, at);
    bad |= byte >>> 8;
    bytes[offset + b] = byte;
    at += 2;
  }
  if (bad !== 0) fail('uuid', value, 'not a UUID');
}

const int2 = integer('smallint', -32_768, 32_767);
const int4 = integer('int', -2_147_483_648, 2_147_483_647);
const int8 = integer('bigint', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);

const digit = (text: string, at: number) => text.charCodeAt(at) - 48;
const twoDigits = (text: string, at: number) => digit(text, at) * 10 + digit(text, at + 1);
const monthDays = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * `YYYY-MM-DDTHH:MM:SS.sssZ` (what toISOString and isoFromMs write) read by hand: Date.parse
 * costs ~0.4 µs, as much as the rest of an event's row. Any other shape goes to Date.parse.
 */
function isoMs(text: string): number {
  if (text.length !== 24 || text.charCodeAt(23) !== 90 || text.charCodeAt(10) !== 84) return Date.parse(text);
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  const ms = digit(text, 20) * 100 + twoDigits(text, 21);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const valid =
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(13) === 58 &&
    text.charCodeAt(16) === 58 &&
    text.charCodeAt(19) === 46 &&
    year >= 0 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= (month === 2 && !leap ? 28 : (monthDays[month - 1] as number)) &&
    hour >= 0 &&
    hour < 24 &&
    minute >= 0 &&
    minute < 60 &&
    second >= 0 &&
    second < 60 &&
    ms >= 0 &&
    ms < 1000;
  if (!valid) return Date.parse(text);
  return (
    daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms
  );
}

/** Epoch milliseconds, or an ISO 8601 string (read at millisecond precision). */
function timestampMs(value: unknown): number {
  const ms = typeof value === 'string' ? isoMs(value) : value instanceof Date ? value.getTime() : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) fail('timestamptz', value, 'not a time');
  return ms;
}

function number(pgType: string, value: unknown): number {
  if (typeof value !== 'number') fail(pgType, value, 'not a number');
  return value;
}

function bool(value: unknown): boolean {
  if (typeof value !== 'boolean') fail('boolean', value, 'not a boolean');
  return value;
}

const fixed: Record<string, Writer> = {
  smallint: { oid: 21, size: 2, write: (v, _, o, x) => v.setInt16(o, int2(x)) },
  int: { oid: 23, size: 4, write: (v, _, o, x) => v.setInt32(o, int4(x)) },
  bigint: { oid: 20, size: 8, write: (v, _, o, x) => setInt64(v, o, int8(x)) },
  // setFloat32 rounds to the nearest float4, as float4in does with the number's text.
  real: { oid: 700, size: 4, write: (v, _, o, x) => v.setFloat32(o, number('real', x)) },
  float8: { oid: 701, size: 8, write: (v, _, o, x) => v.setFloat64(o, number('float8', x)) },
  uuid: { oid: 2950, size: 16, write: writeUuid },
  // Microseconds since 2000-01-01 UTC (integer datetimes, the only kind since PostgreSQL 10).
  timestamptz: {
    oid: 1184,
    size: 8,
    write: (v, _, o, x) => setInt64(v, o, Math.round((timestampMs(x) - EPOCH_2000_MS) * 1000)),
  },
  boolean: { oid: 16, size: 1, write: (v, _, o, x) => v.setUint8(o, bool(x) ? 1 : 0) },
};
const aliases: Record<string, string> = {
  int2: 'smallint',
  int4: 'int',
  integer: 'int',
  int8: 'bigint',
  float4: 'real',
  'double precision': 'float8',
  bool: 'boolean',
};

function header(view: DataView, oid: number, count: number, hasNulls: boolean): number {
  view.setInt32(0, count === 0 ? 0 : 1);
  view.setInt32(4, hasNulls ? 1 : 0);
  view.setUint32(8, oid);
  if (count === 0) return 12;
  view.setInt32(12, count);
  view.setInt32(16, 1);
  return 20;
}

function viewOf(buf: Buffer): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

/**
 * Indexed loops here and in textArray: one function writes every column of a batch (numbers,
 * strings, nulls), and `for…of` over arrays of so many kinds kept deoptimizing ("wrong map": 82
 * deopts in bench:write-batch's 100k events, 6 with indexed loops); unoptimized, each element
 * allocated an iterator result (about half the worker's sampled allocation in bench:ingest).
 */
function fixedArray(values: readonly unknown[], writer: Writer): Buffer {
  const count = values.length;
  let nulls = 0;
  for (let i = 0; i < count; i++) if (values[i] === null || values[i] === undefined) nulls++;
  const buf = Buffer.allocUnsafe(20 + count * 4 + (count - nulls) * writer.size);
  const view = viewOf(buf);
  let offset = header(view, writer.oid, count, nulls > 0);
  for (let i = 0; i < count; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      view.setInt32(offset, -1);
      offset += 4;
      continue;
    }
    view.setInt32(offset, writer.size);
    writer.write(view, buf, offset + 4, value);
    offset += 4 + writer.size;
  }
  return buf;
}

/**
 * text (oid 25) or jsonb (oid 3802, whose binary form is a version byte, 1, then the JSON text).
 * ASCII, which ids and most JSON are, is copied char by char: a native Buffer.write per short
 * string costs more than the copy. Room is reserved at one byte per UTF-16 unit, exact for ASCII,
 * and grown when non-ASCII text needs more: reserving the UTF-8 worst case (3 bytes per unit) made
 * the write path allocate ~3x its text, and large short-lived buffers are what sets off V8's
 * external-memory scavenges of the worker's young generation.
 */
function textArray(values: readonly unknown[], jsonb: boolean): Buffer {
  const prefix = jsonb ? 1 : 0;
  const count = values.length;
  let required = 20;
  let nulls = 0;
  for (let i = 0; i < count; i++) {
    const value = values[i];
    if (value === null || value === undefined) nulls++;
    else if (typeof value !== 'string') fail(jsonb ? 'jsonb' : 'text', value, 'not a string');
    else required += 4 + prefix + value.length;
  }
  required += nulls * 4;
  let buf = Buffer.allocUnsafe(required);
  let view = viewOf(buf);
  let offset = header(view, jsonb ? 3802 : 25, count, nulls > 0);
  for (let i = 0; i < count; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      view.setInt32(offset, -1);
      offset += 4;
      continue;
    }
    const text = value as string;
    const start = offset + 4;
    if (jsonb) buf[start] = 1;
    let at = start + prefix;
    let ascii = true;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) {
        ascii = false;
        break;
      }
      buf[at++] = code;
    }
    if (!ascii) {
      const bytes = Buffer.byteLength(text, 'utf8');
      required += bytes - text.length;
      if (required > buf.length) {
        const grown = Buffer.allocUnsafe(Math.max(required, buf.length + (buf.length >> 2)));
        buf.copy(grown, 0, 0, start + prefix);
        buf = grown;
        view = viewOf(buf);
      }
      at = start + prefix + buf.write(text, start + prefix, 'utf8');
    }
    view.setInt32(offset, at - start);
    offset = at;
  }
  return buf.subarray(0, offset);
}

/** The binary form of a one-dimensional array of `pgType` (see the layout above). */
export function binaryArray(values: readonly unknown[], pgType: string): Buffer {
  const name = aliases[pgType] ?? pgType;
  const writer = fixed[name];
  if (values.length === 0) {
    const empty = Buffer.alloc(12);
    header(viewOf(empty), writer?.oid ?? (name === 'jsonb' ? 3802 : 25), 0, false);
    return empty;
  }
  if (writer) return fixedArray(values, writer);
  return textArray(values, name === 'jsonb');
}

/**
 * One whole array as one bind parameter, cast to `pgType[]` on the server. Times may be epoch
 * milliseconds or ISO strings. Types without a fixed oid here (enums) travel as text and are cast.
 */
export function arrayParam(values: readonly unknown[], pgType: string) {
  const name = aliases[pgType] ?? pgType;
  const known = name in fixed || name === 'text' || name === 'jsonb';
  const cast = known ? `::${pgType}[]` : `::text[]::${pgType}[]`;
  return sql`${binaryArray(values, name)}${sql.raw(cast)}`;
}
