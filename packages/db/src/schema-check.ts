import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ErrorCodes, TesseraError } from '@tessera/errors';
import { sql } from 'drizzle-orm';
import { type Connection, migrationsFolder, queryRows } from './client.js';
import { pgErrorCode } from './errors.js';

interface Journal {
  entries: { tag: string; when: number }[];
}

/**
 * The migrations this build ships (drizzle's journal), oldest first, each with the hash drizzle
 * records for it (sha256 of its SQL file, as drizzle-orm/migrator computes it).
 */
export function shippedMigrations(): { tag: string; when: number; hash: string }[] {
  const journal = JSON.parse(
    readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'),
  ) as Journal;
  return journal.entries.map(({ tag, when }) => ({
    tag,
    when,
    hash: createHash('sha256')
      .update(readFileSync(path.join(migrationsFolder, `${tag}.sql`)).toString())
      .digest('hex'),
  }));
}

const missingSchema = new Set(['3F000', '42P01']);
/** The migration that lets the apps' roles read drizzle's table. */
const READABLE_FROM = '0017_migrations_readable';

/**
 * Throws BAD_CONFIG unless every migration this build ships is applied: an app started on an
 * empty or older schema would otherwise fail later, on whichever table or column is missing first.
 * drizzle records each applied migration's journal time in `drizzle.__drizzle_migrations`.
 */
export async function assertMigrated(connection: Connection): Promise<void> {
  const shipped = shippedMigrations();
  let pending: typeof shipped;
  try {
    const rows = await queryRows<{ hash: string; created_at: string | number }>(
      connection.db,
      sql`select hash, created_at from drizzle.__drizzle_migrations`,
    );
    // Each shipped migration on its own, not against the newest applied one: drizzle's migrator
    // skips a migration whose time is older than the newest applied, and this says so. Applied
    // means its journal time or its file's hash is recorded (a migration applied before its
    // journal time was corrected, or its comments were).
    const times = new Set(rows.map((row) => Number(row.created_at)));
    const hashes = new Set(rows.map((row) => row.hash));
    pending = shipped.filter((m) => !times.has(m.when) && !hashes.has(m.hash));
  } catch (error) {
    const code = pgErrorCode(error);
    // No drizzle schema or table: never migrated. Not readable (42501): migrated before
    // 0017_migrations_readable granted it, so that one and any after it are missing.
    if (code === undefined || (!missingSchema.has(code) && code !== '42501')) throw error;
    pending = code === '42501' ? shipped.slice(shipped.findIndex((m) => m.tag === READABLE_FROM)) : shipped;
  }
  if (pending.length === 0) return;
  throw new TesseraError(
    ErrorCodes.BadConfig,
    `the database at ${connection.target} lacks ${pending.length} of this build's ${shipped.length} migrations (first missing: ${pending[0]?.tag})`,
    {
      hint: 'apply them as the schema owner before starting the apps: `npm run migrate` with that DATABASE_URL, or the tessera-migrate Job in Kubernetes (infra/README.md)',
    },
  );
}
