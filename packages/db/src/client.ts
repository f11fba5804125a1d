import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import * as schema from './schema/index.js';
import { parseDatabaseUrl, redact } from './url.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export interface DatabaseOptions {
  /** A PostgreSQL server; when absent, embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory (default `.tessera/pglite`); `memory://` keeps it in memory. */
  dataDir?: string | undefined;
  /** Connection pool size against a server. */
  poolSize?: number | undefined;
}

export interface Connection {
  db: Db;
  driver: 'pg' | 'pglite';
  /** Where it points, with any password hidden. */
  target: string;
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** One factory, two drivers: `pg` for a server, PGlite when no URL is given. */
export async function connect(options: DatabaseOptions = {}): Promise<Connection> {
  if (options.url) {
    parseDatabaseUrl(options.url);
    const { default: pg } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle client that loses its server must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    return {
      db: drizzle({ client: pool, schema }) as unknown as Db,
      driver: 'pg',
      target: redact(options.url),
      close: () => pool.end(),
    };
  }
  const dataDir = options.dataDir ?? '.tessera/pglite';
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const client = await PGlite.create(dataDir);
  return {
    db: drizzle({ client, schema }) as unknown as Db,
    driver: 'pglite',
    target: `pglite:${dataDir}`,
    close: () => client.close(),
  };
}

/** Applies every pending migration; the same files run on a server and on PGlite. */
export async function migrate(connection: Connection): Promise<void> {
  if (connection.driver === 'pg') {
    const { migrate: run } = await import('drizzle-orm/node-postgres/migrator');
    await run(connection.db as never, { migrationsFolder });
  } else {
    const { migrate: run } = await import('drizzle-orm/pglite/migrator');
    await run(connection.db as never, { migrationsFolder });
  }
}

/** Runs raw SQL and returns its rows, the same shape on both drivers. */
export async function queryRows<T = Record<string, unknown>>(runner: Db | Tx, query: SQL): Promise<T[]> {
  const result = (await runner.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
