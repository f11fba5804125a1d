import { loggableError } from '@tessera/errors';
import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; medical and finance payloads never reach them (only ids, counts and codes). */
export function createLogger(level = 'info', destination: 1 | 2 = 1): Logger {
  return pino(
    { name: 'stream-worker', level, serializers: { err: loggableError } },
    pino.destination(destination),
  );
}
