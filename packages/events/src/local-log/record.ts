import { crc32 } from 'node:zlib';

/**
 * One record of the local log:
 *   u32 payloadLength | u32 crc32(payload) | payload
 *   payload = f64 timestampMs | i32 keyLength (-1 = null) | key | u32 headersLength | headers JSON | value
 * The CRC makes a torn write (a crash mid-append) detectable, so recovery can cut it off.
 */
export const recordHeaderBytes = 8;

export interface LogRecord {
  key: Buffer | null;
  value: Buffer;
  headers?: Record<string, string>;
  timestampMs: number;
}

export function encodeRecord(record: LogRecord): Buffer {
  const key = record.key;
  const headers =
    record.headers && Object.keys(record.headers).length > 0 ? JSON.stringify(record.headers) : '';
  const headerBytes = Buffer.byteLength(headers);
  const payloadLength = 8 + 4 + (key?.length ?? 0) + 4 + headerBytes + record.value.length;
  const out = Buffer.allocUnsafe(recordHeaderBytes + payloadLength);
  let at = recordHeaderBytes;
  out.writeDoubleLE(record.timestampMs, at);
  at += 8;
  out.writeInt32LE(key ? key.length : -1, at);
  at += 4;
  if (key) at += key.copy(out, at);
  out.writeUInt32LE(headerBytes, at);
  at += 4;
  at += out.write(headers, at);
  record.value.copy(out, at);
  out.writeUInt32LE(payloadLength, 0);
  out.writeUInt32LE(crc32(out.subarray(recordHeaderBytes)), 4);
  return out;
}

export type DecodeResult =
  | { kind: 'record'; record: LogRecord; bytes: number }
  /** Not enough bytes yet: the record is still being written, or was torn by a crash. */
  | { kind: 'incomplete' }
  /** Length present but checksum wrong: a torn or corrupt record. */
  | { kind: 'corrupt' };

/** Decodes the record starting at `at`; the returned record's buffers are copies. */
export function decodeRecord(buffer: Buffer, at: number): DecodeResult {
  if (buffer.length - at < recordHeaderBytes) return { kind: 'incomplete' };
  const payloadLength = buffer.readUInt32LE(at);
  const end = at + recordHeaderBytes + payloadLength;
  if (payloadLength < 16) return { kind: 'corrupt' };
  if (end > buffer.length) return { kind: 'incomplete' };
  const payload = buffer.subarray(at + recordHeaderBytes, end);
  if (crc32(payload) !== buffer.readUInt32LE(at + 4)) return { kind: 'corrupt' };
  let p = 0;
  const timestampMs = payload.readDoubleLE(p);
  p += 8;
  const keyLength = payload.readInt32LE(p);
  p += 4;
  const key = keyLength < 0 ? null : Buffer.from(payload.subarray(p, p + keyLength));
  p += Math.max(keyLength, 0);
  const headerLength = payload.readUInt32LE(p);
  p += 4;
  const headers =
    headerLength > 0
      ? (JSON.parse(payload.toString('utf8', p, p + headerLength)) as Record<string, string>)
      : undefined;
  p += headerLength;
  const value = Buffer.from(payload.subarray(p));
  const record: LogRecord = headers ? { key, value, headers, timestampMs } : { key, value, timestampMs };
  return { kind: 'record', record, bytes: end - at };
}
