import { type Db, queryRows, sql, withTenant } from '@tessera/db';
import { InteractionMatrix } from '@tessera/models';

export interface TenantInteractions {
  matrix: InteractionMatrix;
  /** Earliest and latest `last_ts` read: the model's data window. */
  dataFrom: Date | null;
  dataTo: Date | null;
  /** Rows skipped because their strength was not positive (negative feedback is not a positive signal). */
  skipped: number;
}

export interface ReadOptions {
  /** Rows per round trip (keyset pages over the primary key). Default 50,000. */
  chunkSize?: number;
  onProgress?: (rowsRead: number) => void;
}

/**
 * Streams a tenant's interactions into typed arrays in keyset-paged chunks, so memory holds the
 * arrays and one page of row objects, never the whole result set as objects. Ids are interned to
 * dense indices on the fly. One transaction under the tenant's RLS scope.
 */
export async function readInteractions(
  db: Db,
  tenantId: string,
  options: ReadOptions = {},
): Promise<TenantInteractions> {
  const chunk = options.chunkSize ?? 50_000;
  const columns = new GrowableColumns();
  const userIds: string[] = [];
  const itemIds: string[] = [];
  const userIndex = new Map<string, number>();
  const itemIndex = new Map<string, number>();
  let skipped = 0;
  let minTs = Number.POSITIVE_INFINITY;
  let maxTs = Number.NEGATIVE_INFINITY;
  await withTenant(db, tenantId, async (tx) => {
    let after: { user: string; item: string } | null = null;
    for (;;) {
      const cursor = after;
      const page: { u: string; i: string; s: number; t: number }[] = await queryRows(
        tx,
        sql`select user_id as u, item_id as i, strength as s, extract(epoch from last_ts)::float8 as t
            from interactions
            where ${cursor ? sql`(user_id, item_id) > (${cursor.user}, ${cursor.item})` : sql`true`}
            order by user_id, item_id limit ${chunk}`,
      );
      for (const row of page) {
        const t = Number(row.t);
        if (t < minTs) minTs = t;
        if (t > maxTs) maxTs = t;
        const s = Number(row.s);
        if (!(s > 0)) {
          skipped++;
          continue;
        }
        columns.push(intern(row.u, userIndex, userIds), intern(row.i, itemIndex, itemIds), s, t);
      }
      options.onProgress?.(columns.length + skipped);
      const last = page[page.length - 1];
      if (!last || page.length < chunk) break;
      after = { user: last.u, item: last.i };
    }
  });
  const { users, items, values, timestamps } = columns.finish();
  return {
    matrix: new InteractionMatrix(userIds, itemIds, users, items, values, timestamps),
    dataFrom: Number.isFinite(minTs) ? new Date(minTs * 1000) : null,
    dataTo: Number.isFinite(maxTs) ? new Date(maxTs * 1000) : null,
    skipped,
  };
}

function intern(id: string, index: Map<string, number>, ids: string[]): number {
  let k = index.get(id);
  if (k === undefined) {
    k = ids.length;
    index.set(id, k);
    ids.push(id);
  }
  return k;
}

/** Entry columns that double their typed-array capacity as rows arrive. */
class GrowableColumns {
  length = 0;
  private users = new Int32Array(1024);
  private items = new Int32Array(1024);
  private values = new Float32Array(1024);
  private timestamps = new Float64Array(1024);

  push(user: number, item: number, value: number, timestamp: number): void {
    if (this.length === this.users.length) this.grow();
    const k = this.length++;
    this.users[k] = user;
    this.items[k] = item;
    this.values[k] = value;
    this.timestamps[k] = timestamp;
  }

  finish() {
    const n = this.length;
    return {
      users: this.users.slice(0, n),
      items: this.items.slice(0, n),
      values: this.values.slice(0, n),
      timestamps: this.timestamps.slice(0, n),
    };
  }

  private grow(): void {
    const size = this.users.length * 2;
    const grown = <T extends Int32Array | Float32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.users = grown(this.users, (n) => new Int32Array(n));
    this.items = grown(this.items, (n) => new Int32Array(n));
    this.values = grown(this.values, (n) => new Float32Array(n));
    this.timestamps = grown(this.timestamps, (n) => new Float64Array(n));
  }
}
