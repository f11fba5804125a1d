import { randomUUID } from 'node:crypto';
import { type Db, sql, type Vertical, withPlatform, withTenant } from '@tessera/db';
import type { SyntheticInteractions, SyntheticTenant } from '../data/synthetic.js';

/** Creates a tenant row and returns its id (platform role: tenants are platform-owned). */
export async function createTenant(
  db: Db,
  vertical: Vertical,
  settings: Record<string, unknown> = {},
): Promise<string> {
  const id = randomUUID();
  await withPlatform(db, (tx) =>
    tx.execute(sql`insert into tenants (id, slug, name, vertical, settings)
                   values (${id}, ${`t-${id.slice(0, 8)}`}, ${`Tenant ${vertical}`}, ${vertical}::vertical,
                           ${JSON.stringify(settings)}::jsonb)`),
  );
  return id;
}

/**
 * Writes interactions set-based, as the stream-worker does (upsert adding strengths), in chunks of
 * `chunk` rows per statement.
 */
export async function writeInteractions(
  db: Db,
  tenantId: string,
  rows: SyntheticInteractions,
  chunk = 20_000,
): Promise<void> {
  for (let start = 0; start < rows.userIds.length; start += chunk) {
    const end = Math.min(rows.userIds.length, start + chunk);
    const page: { u?: string; i?: string; s?: number; t?: number }[] = [];
    for (let k = start; k < end; k++) {
      page.push({ u: rows.userIds[k], i: rows.itemIds[k], s: rows.strengths[k], t: rows.timestamps[k] });
    }
    await withTenant(db, tenantId, (tx) =>
      tx.execute(sql`insert into interactions (tenant_id, user_id, item_id, strength, events, last_ts)
        select ${tenantId}::uuid, r.u, r.i, r.s, 1, to_timestamp(r.t)
        from jsonb_to_recordset(${JSON.stringify(page)}::jsonb) as r(u text, i text, s real, t float8)
        on conflict (tenant_id, user_id, item_id) do update set
          strength = interactions.strength + excluded.strength, events = interactions.events + 1,
          last_ts = greatest(interactions.last_ts, excluded.last_ts)`),
    );
  }
}

/**
 * What the stream-worker stores beside the interactions it upserts: one `click` event per row, in
 * `events` (the scheduler counts new events, not rows of `interactions`, for its volume trigger).
 */
export async function writeInteractionEvents(
  db: Db,
  tenantId: string,
  rows: SyntheticInteractions,
): Promise<void> {
  const page = rows.userIds.map((u, k) => ({ u, i: rows.itemIds[k], t: rows.timestamps[k] }));
  await withTenant(db, tenantId, (tx) =>
    tx.execute(sql`insert into events (tenant_id, event_id, type, user_id, item_id, ts, received_at, props, schema_version)
      select ${tenantId}::uuid, gen_random_uuid()::text, 'click', r.u, r.i, to_timestamp(r.t), now(), '{}'::jsonb, 1
      from jsonb_to_recordset(${JSON.stringify(page)}::jsonb) as r(u text, i text, t float8)`),
  );
}

/** Writes a generated tenant's catalog, users and interactions. */
export async function seedTenant(db: Db, tenantId: string, data: SyntheticTenant): Promise<void> {
  const chunk = 2_000;
  for (let start = 0; start < data.items.length; start += chunk) {
    const page = data.items.slice(start, start + chunk);
    await withTenant(db, tenantId, (tx) =>
      tx.execute(sql`insert into items (tenant_id, id, title, category, genres, contraindications, risk_level,
                       asset_class, prerequisites, difficulty)
        select ${tenantId}::uuid, r.id, r.title, r.category,
               array(select jsonb_array_elements_text(r.genres)),
               array(select jsonb_array_elements_text(r.contraindications)),
               r.risk_level, r.asset_class, array(select jsonb_array_elements_text(r.prerequisites)), r.difficulty
        from jsonb_to_recordset(${JSON.stringify(page.map(itemRow))}::jsonb) as r(id text, title text,
          category text, genres jsonb, contraindications jsonb, risk_level int, asset_class text,
          prerequisites jsonb, difficulty real)`),
    );
  }
  for (let start = 0; start < data.users.length; start += chunk) {
    const page = data.users.slice(start, start + chunk);
    await withTenant(db, tenantId, (tx) =>
      tx.execute(sql`insert into users (tenant_id, id, conditions, risk_tolerance, level, completed_items)
        select ${tenantId}::uuid, r.id, array(select jsonb_array_elements_text(r.conditions)), r.risk_tolerance,
               r.level, array(select jsonb_array_elements_text(r.completed_items))
        from jsonb_to_recordset(${JSON.stringify(page.map(userRow))}::jsonb) as r(id text, conditions jsonb,
          risk_tolerance int, level real, completed_items jsonb)`),
    );
  }
  await writeInteractions(db, tenantId, data.interactions);
}

const itemRow = (i: SyntheticTenant['items'][number]) => ({
  id: i.id,
  title: i.title,
  category: i.category,
  genres: i.genres ?? [],
  contraindications: i.contraindications ?? [],
  risk_level: i.riskLevel,
  asset_class: i.assetClass,
  prerequisites: i.prerequisites ?? [],
  difficulty: i.difficulty,
});

const userRow = (u: SyntheticTenant['users'][number]) => ({
  id: u.id,
  conditions: u.conditions ?? [],
  risk_tolerance: u.riskTolerance,
  level: u.level,
  completed_items: u.completedItems ?? [],
});
