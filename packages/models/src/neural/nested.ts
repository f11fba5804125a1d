// Internal: a fitted sub-model stored inside another model's artifact (its own checksummed bytes as a blob).
import { type Blob, decodeArtifact } from '../artifacts/format.js';
import type { BaseModel } from '../models/base.js';
import { blob } from '../models/state.js';

/** The sub-model's artifact bytes, zero-padded to whole Int32 words, and their true length. */
export function packModel(model: BaseModel<object>): { words: Int32Array; bytes: number } {
  const bytes = model.save();
  const padded = new Uint8Array(Math.ceil(bytes.length / 4) * 4);
  padded.set(bytes);
  return { words: new Int32Array(padded.buffer), bytes: bytes.length };
}

/** Restores a sub-model packed by `packModel`, constructed with its saved hyper-parameters. */
export function unpackModel<M extends BaseModel<object>>(
  Model: new (params: never) => M,
  blobs: Record<string, Blob>,
  name: string,
  bytes: number,
): M {
  const words = blob(blobs, name, Int32Array);
  const { header, blobs: inner } = decodeArtifact(new Uint8Array(words.buffer, words.byteOffset, bytes));
  const model = new Model(header.params as never);
  model.restoreState({ userIds: header.userIds, itemIds: header.itemIds }, inner, header.extra);
  return model;
}
