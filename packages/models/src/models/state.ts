// Internal: reading and writing model state in artifacts (not exported from the package).
import type { Blob } from '../artifacts/format.js';
import type { Csr } from '../data/interactions.js';
import { ModelError } from '../errors.js';

/** Reads a required blob from a decoded artifact. */
export function blob<T extends Blob>(
  blobs: Record<string, Blob>,
  name: string,
  type: new (n: number) => T,
): T {
  const b = blobs[name];
  if (!(b instanceof type)) {
    throw new ModelError('ARTIFACT_CORRUPT', `model artifact lacks blob "${name}"`, 'retrain the model');
  }
  return b as T;
}

/** The stored training rows as artifact blobs. */
export function csrBlobs(prefix: string, rows: Csr): Record<string, Int32Array | Float32Array> {
  return {
    [`${prefix}Indptr`]: rows.indptr,
    [`${prefix}Indices`]: rows.indices,
    [`${prefix}Values`]: rows.values,
  };
}

/** Reads CSR rows saved with `csrBlobs`. */
export function readCsr(blobs: Record<string, Blob>, prefix: string): Csr {
  return {
    indptr: blob(blobs, `${prefix}Indptr`, Int32Array),
    indices: blob(blobs, `${prefix}Indices`, Int32Array),
    values: blob(blobs, `${prefix}Values`, Float32Array),
  };
}
