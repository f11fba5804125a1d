import { randomBytes } from 'node:crypto';
import { ErrorCodes, TesseraError } from '@tessera/errors';
import { type Connection, connect, migrate } from './client.js';
import { parseDatabaseUrl } from './url.js';

/**
 * Test support: every suite gets its own freshly migrated database on the real server
 * named by DATABASE_URL (which `npm test` provides), dropped again afterwards.
 */
export interface TestDatabase extends Connection {
  /** URL of the fresh database, for code under test that connects by itself. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

export function requireServerUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new TesseraError(
      ErrorCodes.BadConfig,
      'DATABASE_URL is not set: integration tests need a real PostgreSQL server',
      {
        hint: 'run `npm test` (it starts a private PostgreSQL), or `npm run services:up` and export what it prints',
      },
    );
  }
  return url;
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = parseDatabaseUrl(requireServerUrl());
  const name = `tessera_test_${randomBytes(6).toString('hex')}`;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl.toString());
  url.pathname = `/${name}`;
  const connection = await connect({ url: url.toString(), poolSize: 5 });
  if (options.migrate !== false) await migrate(connection);
  return {
    ...connection,
    url: url.toString(),
    name,
    async drop() {
      await connection.close();
      const client = new pg.Client({ connectionString: serverUrl.toString() });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** A migrated in-memory PGlite database: the embedded driver, for contract tests. */
export async function createPgliteDatabase(): Promise<Connection> {
  const connection = await connect({ dataDir: 'memory://' });
  await migrate(connection);
  return connection;
}
