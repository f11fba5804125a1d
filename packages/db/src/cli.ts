#!/usr/bin/env node
import { isTesseraError } from '@tessera/errors';
import { connect, migrate } from './client.js';

/** `tessera-db migrate`: applies migrations to DATABASE_URL, or to embedded PGlite when it is unset. */
async function main(): Promise<void> {
  const command = process.argv[2];
  if (command !== 'migrate') {
    console.error(
      'usage: tessera-db migrate   (uses DATABASE_URL, or PGlite in TESSERA_PGLITE_DIR (default .tessera/pglite) when unset)',
    );
    process.exit(2);
  }
  const started = performance.now();
  const connection = await connect({
    url: process.env.DATABASE_URL,
    dataDir: process.env.TESSERA_PGLITE_DIR,
  });
  try {
    await migrate(connection);
    console.log(`migrated ${connection.target} in ${Math.round(performance.now() - started)} ms`);
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(isTesseraError(error) ? error.describe() : error);
  process.exit(1);
});
