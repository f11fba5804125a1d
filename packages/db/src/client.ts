import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { compileSql } from './compile.js';
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
  /**
   * Subscribes to NOTIFY on a channel (a dedicated connection on a server, the embedded client's own
   * on PGlite). Returns the unsubscribe function.
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    hooks?: ListenHooks,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/**
 * For a subscriber that must know when it may have missed a notification (a cache kept correct by
 * them): the server connection reconnects by itself, and these say when it was down.
 */
export interface ListenHooks {
  /** The subscription was lost: notifications may be missed from now until `onListening`. */
  onLost?(): void;
  /** Subscribed: the first time, and again after each reconnect. */
  onListening?(): void;
}

export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** One factory, two drivers: `pg` for a server, PGlite when no URL is given. */
export async function connect(options: DatabaseOptions = {}): Promise<Connection> {
  if (options.url) {
    parseDatabaseUrl(options.url);
    const { default: pg } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // A client that loses its server must not crash the process: idle ones report through the pool;
    // pg-pool unhooks that listener while a client is checked out, so each client gets its own too.
    // The query in flight still rejects (its transaction rolls back), and the pool replaces the client.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const url = options.url;
    return {
      db: drizzle({ client: pool, schema }) as unknown as Db,
      driver: 'pg',
      target: redact(url),
      listen: (channel, onPayload, hooks) => listenOnServer(pg, url, channel, onPayload, hooks),
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
    listen: async (channel, onPayload, hooks) => {
      // In-process: the subscription cannot be lost.
      const unsubscribe = await client.listen(channel, onPayload);
      hooks?.onListening?.();
      return async () => unsubscribe();
    },
    close: () => client.close(),
  };
}

/**
 * A dedicated LISTEN connection that reconnects with backoff when the server goes away. Named
 * `tessera-listen-<channel>` in pg_stat_activity.
 */
async function listenOnServer(
  pg: typeof import('pg').default,
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
  hooks: ListenHooks = {},
): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name ${channel}`);
  let client: InstanceType<typeof pg.Client> | undefined;
  let stopped = false;
  let delay = 250;
  // Reconnect with backoff until the server is back: a failed connect rejects without an 'error' event.
  const reopen = (): void => {
    if (stopped) return;
    delay = Math.min(delay * 2, 10_000);
    setTimeout(() => void open().catch(reopen), delay);
  };
  const open = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, application_name: `tessera-listen-${channel}` });
    let up = false;
    let down = false;
    const lose = () => {
      if (down) return;
      down = true;
      next.end().catch(() => {});
      // A failed open is retried by its caller; a close on purpose is no loss.
      if (!up || stopped) return;
      hooks.onLost?.();
      reopen();
    };
    next.on('notification', (message) => {
      if (message.channel === channel) onPayload(message.payload ?? '');
    });
    next.on('error', lose);
    next.on('end', lose);
    try {
      await next.connect();
      await next.query(`listen ${channel}`);
    } catch (error) {
      lose();
      throw error;
    }
    if (down || stopped) {
      await next.end().catch(() => {});
      throw new Error(`LISTEN ${channel} closed while opening`);
    }
    up = true;
    delay = 250;
    client = next;
    hooks.onListening?.();
  };
  await open();
  return async () => {
    stopped = true;
    await client?.end().catch(() => {});
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

/** Runs raw SQL for its effect: `runner.execute(query)`, compiled by `compileSql` where it can. */
export async function executeSql(runner: Db | Tx, query: SQL): Promise<void> {
  await runPrepared(runner, query, undefined);
}

/** Runs raw SQL and returns its rows, the same shape on both drivers. */
export async function queryRows<T = Record<string, unknown>>(runner: Db | Tx, query: SQL): Promise<T[]> {
  return runPrepared<T>(runner, query, undefined);
}

interface PreparingRunner {
  dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
  session: {
    prepareQuery(
      query: { sql: string; params: unknown[] },
      fields: undefined,
      name: string | undefined,
      isResponseInArrayMode: boolean,
    ): { execute(): Promise<unknown> };
  };
}

/**
 * `runner.execute(query)` as a named prepared statement: on a PostgreSQL server each pooled
 * connection parses and plans `name` once (from its sixth run on, a generic plan when PostgreSQL
 * finds it no costlier), instead of on every call. For statements run very often whose plan
 * cannot depend on their parameters (an `INSERT … SELECT FROM unnest(…)` with no join to choose):
 * their parse and plan cost ~0.3-0.8 ms a statement, more than the rows of a small batch. `name`
 * must always come with the same SQL text. PGlite runs it as an unnamed statement.
 */
export async function executeNamed(runner: Db | Tx, name: string, query: SQL): Promise<void> {
  await queryNamed(runner, name, query);
}

/** `executeNamed` for a statement whose rows are wanted (`queryRows` as a named prepared statement). */
export async function queryNamed<T = Record<string, unknown>>(
  runner: Db | Tx,
  name: string,
  query: SQL,
): Promise<T[]> {
  return runPrepared<T>(runner, query, name);
}

/**
 * drizzle's own `execute` (`dialect` and `session` are its internals), with the statement compiled
 * by `compileSql` where it can, and optionally named.
 */
async function runPrepared<T>(runner: Db | Tx, query: SQL, name: string | undefined): Promise<T[]> {
  const { dialect, session } = runner as unknown as PreparingRunner;
  const compiled = compileSql(query) ?? dialect.sqlToQuery(query);
  const result = (await session.prepareQuery(compiled, undefined, name, false).execute()) as {
    rows: T[];
  };
  return result.rows;
}
