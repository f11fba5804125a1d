import { ErrorCodes, TesseraError } from '@tessera/errors';

/** Validates DATABASE_URL before any driver sees it, so a typo fails with a useful message. */
export function parseDatabaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TesseraError(ErrorCodes.BadConfig, `DATABASE_URL is not a valid URL: ${redact(raw)}`, {
      hint: 'use the form postgres://USER[:PASSWORD]@HOST:PORT/DATABASE, or unset it to use embedded PGlite',
    });
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new TesseraError(
      ErrorCodes.BadConfig,
      `DATABASE_URL must start with postgres:// (got ${url.protocol}//)`,
      {
        hint: 'use the form postgres://USER[:PASSWORD]@HOST:PORT/DATABASE',
      },
    );
  }
  if (!url.hostname) {
    throw new TesseraError(ErrorCodes.BadConfig, 'DATABASE_URL has no host', {
      hint: 'add the server host, e.g. 127.0.0.1',
    });
  }
  if (url.pathname.length <= 1) {
    throw new TesseraError(ErrorCodes.BadConfig, 'DATABASE_URL names no database', {
      hint: 'append /DATABASE, e.g. postgres://tessera@127.0.0.1:5432/tessera',
    });
  }
  return url;
}

/** The URL with its password hidden, for messages and logs. */
export function redact(raw: string): string {
  return raw.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
