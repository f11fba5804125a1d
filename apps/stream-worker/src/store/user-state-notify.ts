import { arrayParam, executeNamed, sql, type Tx } from '@tessera/db';

/**
 * The API keeps users' serving state in memory and drops a user when told their state changed
 * (apps/api/src/serving/user-state-cache.ts). Migration 0011 tells it of users and follows changes
 * by trigger; interactions, written only here, are told from the writing transaction instead (a
 * trigger's transition tables cost the upsert 60%). Delivered at commit, so never before the rows
 * are visible, and never for a rolled-back batch.
 */
export const USER_STATE_CHANNEL = 'tessera_user_state';

/** pg_notify refuses payloads over 8,000 bytes (and would fail the batch): ids are cut at 7,000. */
const MAX_PAYLOAD_BYTES = 7_000;

/** `{"t": tenant, "u": [user ids]}` per ≤7,000 bytes; `{"t": tenant}` (every user) for an id too long to name. */
export function userStatePayloads(rows: readonly { tenantId: string; userId: string }[]): string[] {
  const byTenant = new Map<string, Set<string>>();
  for (const r of rows) {
    const users = byTenant.get(r.tenantId);
    if (users) users.add(r.userId);
    else byTenant.set(r.tenantId, new Set([r.userId]));
  }
  const out: string[] = [];
  for (const [tenantId, users] of byTenant) {
    const head = `{"t":${JSON.stringify(tenantId)},"u":[`;
    const emptyBytes = Buffer.byteLength(head) + 2; // with the closing `]}`
    let body = '';
    let bytes = emptyBytes;
    for (const userId of users) {
      const id = JSON.stringify(userId);
      const size = Buffer.byteLength(id) + 1;
      if (emptyBytes + size > MAX_PAYLOAD_BYTES) {
        out.push(JSON.stringify({ t: tenantId }));
        continue;
      }
      if (bytes + size > MAX_PAYLOAD_BYTES) {
        out.push(`${head}${body}]}`);
        body = '';
        bytes = emptyBytes;
      }
      body = body ? `${body},${id}` : id;
      bytes += size;
    }
    if (body) out.push(`${head}${body}]}`);
  }
  return out;
}

/** Tells the API, at this transaction's commit, whose interactions it wrote. */
export async function notifyUserStates(
  tx: Tx,
  rows: readonly { tenantId: string; userId: string }[],
): Promise<void> {
  const payloads = userStatePayloads(rows);
  if (payloads.length === 0) return;
  await executeNamed(
    tx,
    'tessera_notify_user_states',
    sql`select pg_notify(${USER_STATE_CHANNEL}, p) from unnest(${arrayParam(payloads, 'text')}) as p`,
  );
}
