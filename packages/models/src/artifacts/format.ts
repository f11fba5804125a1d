import { ModelError } from '../errors.js';
import { crc32 } from './crc32.js';

/**
 * Model artifact layout (little-endian):
 *   "TSRM" | u32 format version | u32 header length H | H bytes of JSON header | zero padding to 4 bytes
 *   | blobs (Float32 or Int32, each 4-byte aligned, in header order) | u32 CRC-32 of all preceding bytes.
 * The header names the algorithm, its hyper-parameters, the id maps and each blob's name, type and length.
 */
export const ARTIFACT_FORMAT_VERSION = 1;
const MAGIC = [0x54, 0x53, 0x52, 0x4d]; // "TSRM"

export type Blob = Float32Array | Int32Array;

export interface ArtifactHeader {
  algorithm: string;
  params: Record<string, unknown>;
  userIds: readonly string[];
  itemIds: readonly string[];
  /** Small algorithm-specific scalars (e.g. the global mean rating). */
  extra: Record<string, unknown>;
}

interface BlobEntry {
  name: string;
  dtype: 'f32' | 'i32';
  length: number;
}

export interface DecodedArtifact {
  header: ArtifactHeader;
  blobs: Record<string, Blob>;
}

export function encodeArtifact(header: ArtifactHeader, blobs: Record<string, Blob>): Uint8Array {
  const entries: BlobEntry[] = Object.entries(blobs).map(([name, b]) => ({
    name,
    dtype: b instanceof Float32Array ? 'f32' : 'i32',
    length: b.length,
  }));
  const json = new TextEncoder().encode(JSON.stringify({ ...header, blobs: entries }));
  const headerEnd = 12 + json.length;
  const blobStart = (headerEnd + 3) & ~3;
  const blobBytes = entries.reduce((s, e) => s + e.length * 4, 0);
  const out = new Uint8Array(blobStart + blobBytes + 4);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(4, ARTIFACT_FORMAT_VERSION, true);
  view.setUint32(8, json.length, true);
  out.set(json, 12);
  let at = blobStart;
  for (const b of Object.values(blobs)) {
    // Copy through bytes so the stored order is little-endian on little-endian hosts (all supported ones).
    out.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), at);
    at += b.byteLength;
  }
  view.setUint32(at, crc32(out, 0, at), true);
  return out;
}

export function decodeArtifact(bytes: Uint8Array): DecodedArtifact {
  const corrupt = (why: string) =>
    new ModelError(
      'ARTIFACT_CORRUPT',
      `model artifact is corrupt: ${why}`,
      'retrain or re-download the model',
    );
  if (bytes.length < 16) throw corrupt(`only ${bytes.length} bytes`);
  if (MAGIC.some((m, k) => bytes[k] !== m)) throw corrupt('bad magic bytes (not a Tessera model)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stored = view.getUint32(bytes.length - 4, true);
  if (crc32(bytes, 0, bytes.length - 4) !== stored) throw corrupt('checksum mismatch');
  const version = view.getUint32(4, true);
  if (version !== ARTIFACT_FORMAT_VERSION) {
    throw new ModelError(
      'ARTIFACT_VERSION',
      `model artifact has format version ${version}, this build reads ${ARTIFACT_FORMAT_VERSION}`,
      'retrain the model with this version of @tessera/models',
    );
  }
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length - 4) throw corrupt('header runs past the end');
  let parsed: ArtifactHeader & { blobs: BlobEntry[] };
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength)));
  } catch (e) {
    throw corrupt(`header is not JSON (${(e as Error).message})`);
  }
  let at = (12 + headerLength + 3) & ~3;
  const blobs: Record<string, Blob> = {};
  for (const e of parsed.blobs) {
    const end = at + e.length * 4;
    if (end > bytes.length - 4) throw corrupt(`blob ${e.name} runs past the end`);
    // Copy into a fresh aligned buffer: the input may sit at any byte offset. Not `bytes.slice`:
    // on a Node Buffer (what pg returns for bytea) it is a view, and its `.buffer` the whole pool.
    const copy = new Uint8Array(end - at);
    copy.set(bytes.subarray(at, end));
    const raw = copy.buffer;
    blobs[e.name] = e.dtype === 'f32' ? new Float32Array(raw) : new Int32Array(raw);
    at = end;
  }
  const { blobs: _entries, ...header } = parsed;
  return { header, blobs };
}
