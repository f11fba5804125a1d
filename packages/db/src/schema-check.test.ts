import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeSql, queryRows } from './client.js';
import { assertMigrated, shippedMigrations } from './schema-check.js';
import {
  connectAsServiceRole,
  createPgliteDatabase,
  createTestDatabase,
  type ServiceRoleConnection,
  type TestDatabase,
} from './testing.js';

describe('assertMigrated', () => {
  let migrated: TestDatabase;
  let empty: TestDatabase;
  let service: ServiceRoleConnection;

  beforeAll(async () => {
    migrated = await createTestDatabase();
    empty = await createTestDatabase({ migrate: false });
    service = await connectAsServiceRole(migrated);
  });
  afterAll(async () => {
    await service?.drop();
    await migrated?.drop();
    await empty?.drop();
  });

  it('ships migrations whose journal times strictly increase (drizzle skips one older than the newest applied)', () => {
    const times = shippedMigrations().map((m) => m.when);
    for (let i = 1; i < times.length; i++)
      expect(times[i], `entry ${i}`).toBeGreaterThan(times[i - 1] as number);
  });

  /** Runs `check` with `migration` missing from drizzle's record, then puts its row back as it was. */
  async function withoutApplied(migration: { when: number } | undefined, check: () => Promise<void>) {
    const removed = await queryRows<{ id: number; hash: string }>(
      migrated.db,
      sql`delete from drizzle.__drizzle_migrations where created_at = ${migration?.when} returning id, hash`,
    );
    expect(removed).toHaveLength(1);
    try {
      await check();
    } finally {
      await executeSql(
        migrated.db,
        sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${removed[0]?.id}, ${removed[0]?.hash}, ${migration?.when})`,
      );
    }
  }
  const lacksOne = (tag: string | undefined) => ({
    code: 'BAD_CONFIG',
    message: expect.stringContaining(
      `lacks 1 of this build's ${shippedMigrations().length} migrations (first missing: ${tag})`,
    ),
  });

  it('names a migration that was skipped though later ones were applied', async () => {
    const middle = shippedMigrations()[5];
    await withoutApplied(middle, () =>
      expect(assertMigrated(migrated)).rejects.toMatchObject(lacksOne(middle?.tag)),
    );
  });

  it('names the first migration a database is behind by, to the apps’ login role too', async () => {
    const last = shippedMigrations().at(-1);
    await withoutApplied(last, () =>
      expect(assertMigrated(service)).rejects.toMatchObject(lacksOne(last?.tag)),
    );
  });

  it('counts a migration recorded under another journal time by its file’s hash', async () => {
    const last = shippedMigrations().at(-1);
    // As a database migrated before the entry's time was corrected would hold it.
    await executeSql(
      migrated.db,
      sql`update drizzle.__drizzle_migrations set created_at = ${(last?.when ?? 0) + 99_999_999} where created_at = ${last?.when}`,
    );
    try {
      await expect(assertMigrated(service)).resolves.toBeUndefined();
    } finally {
      await executeSql(
        migrated.db,
        sql`update drizzle.__drizzle_migrations set created_at = ${last?.when} where created_at = ${(last?.when ?? 0) + 99_999_999}`,
      );
    }
  });

  it('passes on a migrated database, as the owner and as the apps’ login role', async () => {
    await expect(assertMigrated(migrated)).resolves.toBeUndefined();
    await expect(assertMigrated(service)).resolves.toBeUndefined();
  });

  it('passes on migrated PGlite', async () => {
    const embedded = await createPgliteDatabase();
    try {
      await expect(assertMigrated(embedded)).resolves.toBeUndefined();
    } finally {
      await embedded.close();
    }
  });

  it('names how many migrations an empty database lacks, and how to apply them', async () => {
    const shipped = shippedMigrations();
    await expect(assertMigrated(empty)).rejects.toMatchObject({
      code: 'BAD_CONFIG',
      message: expect.stringContaining(
        `lacks ${shipped.length} of this build's ${shipped.length} migrations (first missing: ${shipped[0]?.tag})`,
      ),
      hint: expect.stringContaining('npm run migrate'),
    });
  });

  it('reads a schema migrated before the table was readable to the apps as lacking that migration', async () => {
    await executeSql(
      migrated.db,
      sql`revoke select on drizzle.__drizzle_migrations from tessera_app, tessera_platform`,
    );
    try {
      await expect(assertMigrated(service)).rejects.toMatchObject({
        message: expect.stringContaining('(first missing: 0017_migrations_readable)'),
      });
    } finally {
      await executeSql(
        migrated.db,
        sql`grant select on drizzle.__drizzle_migrations to tessera_app, tessera_platform`,
      );
    }
  });
});
