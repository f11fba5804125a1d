import { loggableError } from '@tessera/errors';
import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs: ids, counts, rates and codes only; never interaction contents or user text. */
export function createLogger(level = 'info'): Logger {
  return pino({ name: 'trainer', level, serializers: { err: loggableError } });
}
