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

/** A connection as the apps' login role, as infra/README.md creates it, and the way to remove it. */
export interface ServiceRoleConnection extends Connection {
  role: string;
  url: string;
  /** Closes the connection and drops the role and its gate. */
  drop(): Promise<void>;
}

/**
 * Connects to `database` as a fresh login role made the way infra/README.md ("Kubernetes") makes
 * the apps' one: it inherits tessera_app, reaches tessera_platform only by SET ROLE (through a
 * NOINHERIT gate) and owns nothing. Roles are cluster-wide: each call makes its own pair.
 */
export async function connectAsServiceRole(database: TestDatabase): Promise<ServiceRoleConnection> {
  const role = `tessera_svc_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const { default: pg } = await import('pg');
  const asAdmin = async (statements: string[]) => {
    const admin = new pg.Client({ connectionString: requireServerUrl() });
    await admin.connect();
    try {
      for (const statement of statements) await admin.query(statement);
    } finally {
      await admin.end();
    }
  };
  await asAdmin([
    `create role ${role}_gate nologin noinherit in role tessera_platform`,
    `create role ${role} login password '${password}' in role tessera_app, ${role}_gate`,
  ]);
  const url = new URL(database.url);
  url.username = role;
  url.password = password;
  const connection = await connect({ url: url.toString(), poolSize: 2 });
  return {
    ...connection,
    role,
    url: url.toString(),
    async drop() {
      await connection.close();
      await asAdmin([`drop role if exists ${role}`, `drop role if exists ${role}_gate`]);
    },
  };
}
