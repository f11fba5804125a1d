import type { IncomingMessage } from 'node:http';
import { ErrorCodes, TesseraError } from '@tessera/errors';

/** Strict UTF-8 that drops a leading byte-order mark, for bodies whose every byte is kept (ingest). */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decodeStrictly(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new TesseraError(ErrorCodes.BadUserInput, 'the body is not valid UTF-8', {
      hint: 'send JSON encoded as UTF-8 (bytes that are not would be stored as U+FFFD, changing the data)',
    });
  }
}

/**
 * Reads a request body, refusing it (413) as soon as it grows past `limit` bytes. `strict`: invalid
 * UTF-8 is refused (400) instead of read as U+FFFD, and a byte-order mark is dropped. Plain 'data' and
 * 'end' listeners, not `for await`: the stream's async iterator (its promise per chunk and the
 * end-of-stream watcher it sets up) was ~3% of the event loop per recommendation in perf.
 */
export function readBody(request: IncomingMessage, limit: number, strict = false): Promise<string> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (error: Error | null) => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
      if (error) {
        // As leaving a `for await` early did: the rest of the body is not read.
        request.destroy();
        reject(error);
      } else {
        const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
        try {
          resolve(strict ? decodeStrictly(bytes) : bytes.toString('utf8'));
        } catch (decodeError) {
          reject(decodeError);
        }
      }
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) done(tooLarge(limit));
      else chunks.push(chunk);
    };
    const onEnd = () => done(null);
    const onError = (error: Error) => done(error);
    const onClose = () =>
      done(
        Object.assign(new Error('the request closed before its body ended'), {
          code: 'ERR_STREAM_PREMATURE_CLOSE',
        }),
      );
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}

function tooLarge(limit: number) {
  return new TesseraError('PAYLOAD_TOO_LARGE', `request body exceeds ${limit} bytes`, {
    hint: 'send smaller batches',
  });
}

export const statusFor: Record<string, number> = {
  [ErrorCodes.BadUserInput]: 400,
  [ErrorCodes.Unauthenticated]: 401,
  [ErrorCodes.Forbidden]: 403,
  [ErrorCodes.NotFound]: 404,
  PAYLOAD_TOO_LARGE: 413,
  [ErrorCodes.RateLimited]: 429,
  [ErrorCodes.Unavailable]: 503,
};
