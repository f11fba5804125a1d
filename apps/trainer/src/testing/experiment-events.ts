import { type Db, sql, withTenant } from '@tessera/db';

/**
 * Writes what the API and the stream-worker would store for one arm of an experiment: `users`
 * exposure events (one served list each) and, for the first `clickers` of them, a click a second
 * later. Event ids are unique per call (`tag`).
 */
export async function writeArm(
  db: Db,
  tenantId: string,
  arm: { experimentKey: string; variant: string; users: number; clickers: number; tag: string },
): Promise<void> {
  await withTenant(db, tenantId, async (tx) => {
    await tx.execute(sql`insert into events (tenant_id, event_id, type, user_id, ts, received_at, props, schema_version)
      select ${tenantId}::uuid, ${`${arm.tag}-x`}::text || g, 'exposure', ${`${arm.tag}-u`}::text || g, now(), now(),
             jsonb_build_object('experiment', ${arm.experimentKey}::text, 'variant', ${arm.variant}::text,
                                'requestId', ${`${arm.tag}-r`}::text || g, 'itemIds', jsonb_build_array('i1', 'i2')), 1
      from generate_series(1, ${arm.users}::int) g`);
    await tx.execute(sql`insert into events (tenant_id, event_id, type, user_id, item_id, ts, received_at, props, schema_version)
      select ${tenantId}::uuid, ${`${arm.tag}-c`}::text || g, 'click', ${`${arm.tag}-u`}::text || g, 'i1',
             now() + interval '1 second', now(), '{}'::jsonb, 1
      from generate_series(1, ${arm.clickers}::int) g`);
  });
}
