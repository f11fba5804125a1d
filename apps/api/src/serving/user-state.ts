import { type Db, sql, withTenant } from '@tessera/db';
import type { PipelineUser } from '@tessera/pipelines';

export interface UserState {
  user: PipelineUser;
  segment: string | null;
  /** Most recent first. */
  history: { itemId: string; strength: number }[];
  /** Items the user's followees engaged with this week, with how many of them did. */
  social: Map<string, number>;
}

/** How many recent interactions feed fold-in and consumed-item exclusion. */
export const HISTORY_DEPTH = 200;

interface Waiter {
  resolve: (state: UserState) => void;
  reject: (error: unknown) => void;
}

interface TenantQueue {
  waiting: Map<string, Waiter[]>;
  inFlight: number;
  scheduled: boolean;
}

export interface UserStateReaderOptions {
  /** Largest number of users read by one query (default 256). */
  maxBatch?: number;
  /** Batches of one tenant in flight at once; more requests wait and join the next batch (default 1). */
  maxInFlight?: number;
  /** Called with the number of users of each batch sent (for metrics). */
  onBatch?: (users: number) => void;
}

/**
 * Reads users' serving state (attributes, recent history, social signal) straight from PostgreSQL
 * on every request — no cache, so an interaction the worker has committed counts at once — but
 * batched across concurrent requests: every user asked for in one turn of the event loop, or while
 * the tenant's earlier batches are still running, is read by one transaction with one query. Under
 * load that turns four round trips per request (begin, tenant scope, query, commit) into four per
 * batch.
 */
export class UserStateReader {
  private readonly queues = new Map<string, TenantQueue>();
  /** Batches read and users in them since start (for tests and metrics). */
  readonly stats = { batches: 0, users: 0 };
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  private readonly onBatch: ((users: number) => void) | undefined;

  constructor(
    private readonly db: Db,
    options: UserStateReaderOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 256;
    this.maxInFlight = options.maxInFlight ?? 1;
    this.onBatch = options.onBatch;
  }

  get(tenantId: string, userId: string): Promise<UserState> {
    let queue = this.queues.get(tenantId);
    if (!queue) {
      queue = { waiting: new Map(), inFlight: 0, scheduled: false };
      this.queues.set(tenantId, queue);
    }
    const promise = new Promise<UserState>((resolve, reject) => {
      const waiters = queue.waiting.get(userId);
      if (waiters) waiters.push({ resolve, reject });
      else queue.waiting.set(userId, [{ resolve, reject }]);
    });
    this.schedule(tenantId, queue);
    return promise;
  }

  /**
   * setImmediate, not a microtask: requests whose bytes arrived in the same poll phase each run to
   * their first real await before the batch leaves, so they share it.
   */
  private schedule(tenantId: string, queue: TenantQueue): void {
    if (queue.scheduled || queue.waiting.size === 0 || queue.inFlight >= this.maxInFlight) return;
    queue.scheduled = true;
    setImmediate(() => {
      queue.scheduled = false;
      this.dispatch(tenantId, queue);
    });
  }

  private dispatch(tenantId: string, queue: TenantQueue): void {
    while (queue.waiting.size > 0 && queue.inFlight < this.maxInFlight) {
      const batch = new Map<string, Waiter[]>();
      for (const [userId, waiters] of queue.waiting) {
        if (batch.size >= this.maxBatch) break;
        batch.set(userId, waiters);
        queue.waiting.delete(userId);
      }
      queue.inFlight++;
      this.stats.batches++;
      this.stats.users += batch.size;
      this.onBatch?.(batch.size);
      this.read(tenantId, [...batch.keys()])
        .then(
          (states) => {
            for (const [userId, waiters] of batch) {
              const state = states.get(userId) ?? emptyState(userId);
              for (const w of waiters) w.resolve(state);
            }
          },
          (error: unknown) => {
            for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
          },
        )
        .finally(() => {
          queue.inFlight--;
          this.schedule(tenantId, queue);
        });
    }
  }

  /**
   * One query for the whole batch; each user's row is one JSON document (one parse, no array
   * parsing). A named prepared statement: each pooled connection plans it once, not per batch
   * (planning this query costs about as much as running it for a dozen users).
   */
  private async read(tenantId: string, userIds: string[]): Promise<Map<string, UserState>> {
    const rows = await withTenant(this.db, tenantId, (tx) =>
      tx
        .select({ id: sql<string>`q.id`, doc: sql<StateDoc>`${stateDocument}` })
        .from(sql`unnest(${sql.placeholder('ids')}::text[]) as q(id) left join users u on u.id = q.id`)
        .prepare('tessera_user_state_v1')
        .execute({ ids: toTextArray(userIds) }),
    );
    const out = new Map<string, UserState>();
    for (const row of rows) out.set(row.id, fromDoc(row.id, row.doc));
    return out;
  }
}

const stateDocument = sql`json_build_object(
  's', u.segment, 'c', u.conditions, 'r', u.risk_tolerance, 'l', u.level, 'd', u.completed_items,
  'h', (select json_agg(json_build_array(h.item_id, h.strength)) from (
          select item_id, strength from interactions where user_id = q.id
          order by last_ts desc limit ${sql.raw(String(HISTORY_DEPTH))}) h),
  'f', (select json_agg(json_build_array(s.item_id, s.n)) from (
          select i.item_id, count(*)::int as n from follows f
          join interactions i on i.user_id = f.followee_id and i.strength > 0
            and i.last_ts > now() - interval '7 days'
          where f.follower_id = q.id group by i.item_id order by n desc limit 50) s))`;

interface StateDoc {
  s: string | null;
  c: string[] | null;
  r: number | null;
  l: number | null;
  d: string[] | null;
  h: [string, number][] | null;
  f: [string, number][] | null;
}

/** A text[] literal, so the batch is one bound parameter whatever its size. */
function toTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

function fromDoc(userId: string, doc: StateDoc): UserState {
  const history = (doc.h ?? []).map(([itemId, strength]) => ({ itemId, strength }));
  return {
    user: {
      id: userId,
      conditions: doc.c,
      riskTolerance: doc.r,
      level: doc.l,
      completedItems: doc.d,
    },
    segment: doc.s,
    history,
    social: new Map(doc.f ?? []),
  };
}

function emptyState(userId: string): UserState {
  return {
    user: { id: userId, conditions: null, riskTolerance: null, level: null, completedItems: null },
    segment: null,
    history: [],
    social: new Map(),
  };
}
