import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantDirectory } from './tenants.js';
import { createTenants } from './testing/harness.js';

describe('TenantDirectory over PostgreSQL', () => {
  let database: TestDatabase;
  let tenants: string[];
  beforeAll(async () => {
    database = await createTestDatabase();
    tenants = await createTenants(database.db, 2);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('tells known from unknown tenants', async () => {
    const directory = new TenantDirectory(database.db);
    const stranger = randomUUID();
    const { known, unknown } = await directory.partition([...tenants, stranger]);
    expect([...known].sort()).toEqual([...tenants].sort());
    expect([...unknown]).toEqual([stranger]);
  });

  it("keeps a batch's known tenants when the cache is dropped while it looks up another id", async () => {
    const directory = new TenantDirectory(database.db);
    await directory.partition(tenants); // cached
    const stranger = randomUUID();
    const lookingUp = directory.partition([...tenants, stranger]); // awaits the query for the stranger
    directory.forget(); // a failed batch elsewhere, or the TTL, drops the cache meanwhile
    const { known, unknown } = await lookingUp;
    expect([...known].sort()).toEqual([...tenants].sort());
    expect([...unknown]).toEqual([stranger]);
  });

  it('looks a tenant up again after forget', async () => {
    const directory = new TenantDirectory(database.db);
    await directory.partition(tenants);
    directory.forget();
    expect((await directory.partition([tenants[0]!])).known.has(tenants[0]!)).toBe(true);
  });
});
