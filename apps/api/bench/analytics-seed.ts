/**
 * The tenant bench:analytics measures: events generated inside PostgreSQL with generate_series
 * (100k users, 20k Zipf-skewed items, 60 days, the full type mix, 40% of shares re-shares of an
 * earlier event), follows and hourly/daily item buckets derived from them. Seeding 10M events takes
 * minutes, so a seeded database can be kept (--keep) and opened again (--reuse=<name>) while iterating.
 */

import {
  apiKeys,
  type Connection,
  connect,
  migrate,
  parseDatabaseUrl,
  queryRows,
  sql,
  tenants,
  withPlatform,
  withTenant,
} from '@tessera/db';
import { requireServerUrl } from '@tessera/db/testing';
import { newApiKey } from '../src/auth/secrets.js';

const log = (line: string) => process.stderr.write(`[bench:analytics] ${line}\n`);

export async function seedEvents(connection: Connection, tenantId: string, nEvents: number): Promise<void> {
  const { db } = connection;
  const chunk = 1_000_000;
  for (let done = 0; done < nEvents; done += chunk) {
    const n = Math.min(chunk, nEvents - done);
    const started = performance.now();
    await db.execute(sql`
      insert into events (tenant_id, event_id, type, user_id, item_id, ts, received_at, props, schema_version, sentiment)
      select ${tenantId}::uuid, 'e' || (${done} + g), t.type, 'u' || floor(random() * 100000)::int,
             case when t.type = 'follow' then null else 'i' || floor(20000 * power(random(), 3))::int end,
             ts, ts, case when t.type = 'share' and random() < 0.4 then jsonb_build_object('parentShareId', 'e' || greatest(1, ${done} + g - 1 - floor(random() * 1000)::int)) else '{}'::jsonb end,
             1, case when t.type in ('review', 'comment') then random() * 2 - 1 end
      from generate_series(1, ${n}) g,
           -- g keeps the lateral correlated: uncorrelated, it ran once per statement, so every event of a
           -- 1M chunk had one timestamp and one type (the seed before this fix measured 10 such groups).
           lateral (select now() - random() * interval '60 days' as ts, random() as r, g as row_number) x,
           lateral (select case when x.r < 0.5 then 'view' when x.r < 0.7 then 'click' when x.r < 0.78 then 'like'
                                when x.r < 0.82 then 'share' when x.r < 0.86 then 'comment' when x.r < 0.89 then 'review'
                                when x.r < 0.92 then 'purchase' when x.r < 0.93 then 'follow' else 'exposure' end as type) t`);
    log(
      `  ${(done + n).toLocaleString()} events (${Math.round(n / ((performance.now() - started) / 1000)).toLocaleString()}/s)`,
    );
  }
  log('deriving follows and item buckets…');
  await db.execute(sql`
    insert into follows (tenant_id, follower_id, followee_id, created_at)
    select ${tenantId}::uuid, 'u' || floor(random() * 100000)::int, 'u' || floor(100000 * power(random(), 4))::int, now()
    from generate_series(1, ${Math.max(1000, Math.floor(nEvents / 50))}) on conflict do nothing`);
  for (const grain of ['hour', 'day'] as const) {
    await db.execute(sql`
      insert into feature_buckets (tenant_id, entity_kind, entity_id, grain, bucket_start, views, clicks, likes, shares, comments, purchases)
      select tenant_id, 'item', item_id, ${grain}::bucket_grain, date_trunc(${grain}, ts),
             count(*) filter (where type = 'view'), count(*) filter (where type = 'click'), count(*) filter (where type = 'like'),
             count(*) filter (where type = 'share'), count(*) filter (where type = 'comment'), count(*) filter (where type = 'purchase')
      from events where item_id is not null and ts > now() - interval '35 days' group by 1, 3, 5`);
  }
  // The day rows are complete, so every day before today is sealed, as the stream-worker's sealer leaves it.
  await db.execute(sql`
    insert into feature_bucket_seals (tenant_id, sealed_through) values (${tenantId}::uuid, date_trunc('day', now(), 'UTC'))
    on conflict (tenant_id) do update set sealed_through = excluded.sealed_through`);
  await db.execute(sql`analyze`);
}

/**
 * A database kept by an earlier `--keep` run: migrated to the current schema (new rollup tables
 * start empty; the bench rebuilds them), its tenant found by slug and given a fresh read key.
 */
export async function reuseDatabase(
  name: string,
  slug: string,
): Promise<{ connection: Connection; tenantId: string; readKey: string; events: number }> {
  if (!/^tessera_test_[0-9a-f]+$/.test(name))
    throw new Error(`--reuse=${name}: expected a database kept by --keep (tessera_test_<hex>)`);
  const url = parseDatabaseUrl(requireServerUrl());
  url.pathname = `/${name}`;
  const connection = await connect({ url: url.toString(), poolSize: 5 });
  await migrate(connection);
  const [tenant] = await withPlatform(connection.db, (tx) =>
    queryRows<{ id: string }>(tx, sql`select id::text as id from ${tenants} where slug = ${slug}`),
  );
  if (!tenant) throw new Error(`--reuse=${name}: no tenant with slug ${slug} in it`);
  const { key, prefix, secretHash } = newApiKey();
  const [count] = await withTenant(connection.db, tenant.id, async (tx) => {
    await tx
      .insert(apiKeys)
      .values({ tenantId: tenant.id, prefix, secretHash, name: 'bench read key', scopes: ['read'] });
    return queryRows<{ n: number }>(tx, sql`select count(*)::int as n from events`);
  });
  return { connection, tenantId: tenant.id, readKey: key, events: count?.n ?? 0 };
}
