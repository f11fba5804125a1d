import type { IncomingMessage } from 'node:http';
import { ErrorCodes, TesseraError } from '@tessera/errors';

/** Reads a request body, refusing it (413) as soon as it grows past `limit` bytes. */
export async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
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
