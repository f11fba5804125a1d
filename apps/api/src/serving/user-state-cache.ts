import { type Db, queryRows, sql, withTenant } from '@tessera/db';
import type { UserState, UserStateReader } from './user-state.js';
import type { UserStateChange } from './user-state-listener.js';
import { readUserStates } from './user-state-query.js';
import { PackedStates } from './user-state-store.js';

export interface UserStateCacheOptions {
  /** Largest tenant (users with history or a users row) preloaded whole (default 1,000,000). */
  maxPreloadUsers?: number;
  /** States kept per tenant from reads since the preload, oldest dropped first (default 100,000). */
  maxReadUsers?: number;
  /** Users per read while preloading (default 2,000). */
  preloadBatch?: number;
}

/** A read in flight: it may keep its answer only if no change of its user was announced meanwhile. */
interface Pending {
  stale: boolean;
}

interface TenantStates {
  packed: PackedStates | null;
  read: Map<string, UserState>;
  pending: Map<string, Pending[]>;
  /** While a preload runs: the users announced since it began (its snapshot may predate them). */
  loading: { changed: Set<string>; all: boolean } | null;
}

/**
 * Users' serving state kept in the process, so a recommendation needs no PostgreSQL round trip.
 * Correct by invalidation: migration 0011 notifies the tenant and user ids of every committed change
 * to interactions, users or follows, and a notified user is dropped at once, so an item the user
 * consumed is served at most until that notification arrives (after the commit: milliseconds on a
 * live connection). While the subscription is down nothing is served from here and everything is
 * forgotten (a notification may have been missed); reads go to PostgreSQL as before. Only users who
 * follow no one are kept: a followee's interaction changes a follower's social signal with no
 * notification naming the follower. Tenants are preloaded whole (one pass over the statement the
 * request path uses, so the states are the same) up to `maxPreloadUsers`; other users are kept as
 * they are read.
 */
export class UserStateCache {
  private readonly tenants = new Map<string, TenantStates>();
  private readonly preloaded = new Set<string>();
  private live = false;
  /** Bumped when the subscription is lost: reads and preloads begun before then keep nothing. */
  private generation = 0;
  readonly stats = { hits: 0, misses: 0, keptFromReads: 0, changes: 0, losses: 0, preloadedUsers: 0 };
  private readonly maxPreloadUsers: number;
  private readonly maxReadUsers: number;
  private readonly preloadBatch: number;

  constructor(
    private readonly db: Db,
    private readonly reader: UserStateReader,
    options: UserStateCacheOptions = {},
  ) {
    this.maxPreloadUsers = options.maxPreloadUsers ?? 1_000_000;
    this.maxReadUsers = options.maxReadUsers ?? 100_000;
    this.preloadBatch = options.preloadBatch ?? 2_000;
  }

  /** Whether states are served from memory now (the subscription is up). */
  get subscribed(): boolean {
    return this.live;
  }

  get(tenantId: string, userId: string): Promise<UserState> {
    if (!this.live) return this.reader.get(tenantId, userId);
    const tenant = this.tenant(tenantId);
    const hit = tenant.read.get(userId) ?? tenant.packed?.get(userId);
    if (hit) {
      this.stats.hits++;
      return this.answerSoon(hit);
    }
    this.stats.misses++;
    const pending: Pending = { stale: false };
    const generation = this.generation;
    const list = tenant.pending.get(userId);
    if (list) list.push(pending);
    else tenant.pending.set(userId, [pending]);
    const settle = () => {
      const left = tenant.pending.get(userId)?.filter((p) => p !== pending);
      if (left?.length) tenant.pending.set(userId, left);
      else tenant.pending.delete(userId);
    };
    return this.reader.get(tenantId, userId).then(
      (state) => {
        settle();
        if (!pending.stale && generation === this.generation && cacheable(state)) this.keep(tenant, state);
        return state;
      },
      (error: unknown) => {
        settle();
        throw error;
      },
    );
  }

  /**
   * Answers given together, from a setImmediate: the requests whose bytes arrived in one poll phase
   * are ranked and answered back to back, as they were when their states came in one PostgreSQL
   * reply (answered one by one at once, the event loop woke per request and the server and load
   * generator each spent more CPU per recommendation in bench:api).
   */
  private answerSoon(state: UserState): Promise<UserState> {
    return new Promise((resolve) => {
      this.answers.push(() => resolve(state));
      if (this.answers.length === 1) setImmediate(this.flushAnswers);
    });
  }

  private readonly answers: (() => void)[] = [];
  private readonly flushAnswers = () => {
    const due = this.answers.splice(0);
    for (const answer of due) answer();
  };

  /** A notification: the named users (or the whole tenant) are dropped and read afresh next time. */
  changed(change: UserStateChange): void {
    this.stats.changes++;
    const tenant = this.tenants.get(change.tenantId);
    if (!tenant) return;
    if (change.userIds === null) {
      tenant.packed = null;
      tenant.read.clear();
      for (const list of tenant.pending.values()) for (const p of list) p.stale = true;
      if (tenant.loading) tenant.loading.all = true;
      return;
    }
    for (const userId of change.userIds) {
      tenant.read.delete(userId);
      tenant.packed?.drop(userId);
      for (const p of tenant.pending.get(userId) ?? []) p.stale = true;
      tenant.loading?.changed.add(userId);
    }
  }

  /** The subscription is down: serve nothing from memory and forget everything. */
  lost(): void {
    this.live = false;
    this.generation++;
    this.stats.losses++;
    this.tenants.clear();
  }

  /** The subscription is (back) up: serve from memory again, and preload again what was preloaded. */
  listening(): void {
    const reload = this.tenants.size === 0 && this.preloaded.size > 0;
    this.live = true;
    if (reload) for (const tenantId of this.preloaded) void this.preload(tenantId).catch(() => {});
  }

  /**
   * Reads the whole tenant into memory; returns how many users were kept. Changes announced while it
   * runs win over what it read (the subscription was up before its first read).
   */
  async preload(tenantId: string): Promise<number> {
    if (!this.live) return 0;
    const generation = this.generation;
    const tenant = this.tenant(tenantId);
    if (tenant.loading) return 0;
    const loading = { changed: new Set<string>(), all: false };
    tenant.loading = loading;
    try {
      const ids = await withTenant(this.db, tenantId, (tx) =>
        queryRows<{ id: string }>(tx, sql`select user_id as id from interactions union select id from users`),
      );
      if (ids.length > this.maxPreloadUsers) return 0;
      const builder = PackedStates.builder();
      for (let k = 0; k < ids.length; k += this.preloadBatch) {
        const batch = ids.slice(k, k + this.preloadBatch).map((r) => r.id);
        const states = await readUserStates(this.db, tenantId, batch);
        for (const state of states.values()) if (cacheable(state)) builder.add(state);
        if (generation !== this.generation) return 0;
      }
      if (generation !== this.generation || loading.all) return 0;
      const packed = builder.build();
      for (const userId of loading.changed) packed.drop(userId);
      tenant.packed = packed;
      this.preloaded.add(tenantId);
      this.stats.preloadedUsers += packed.size;
      return packed.size;
    } finally {
      tenant.loading = null;
    }
  }

  private tenant(tenantId: string): TenantStates {
    let tenant = this.tenants.get(tenantId);
    if (!tenant) {
      tenant = { packed: null, read: new Map(), pending: new Map(), loading: null };
      this.tenants.set(tenantId, tenant);
    }
    return tenant;
  }

  private keep(tenant: TenantStates, state: UserState): void {
    if (tenant.read.size >= this.maxReadUsers) {
      const oldest = tenant.read.keys().next().value;
      if (oldest !== undefined) tenant.read.delete(oldest);
    }
    tenant.read.set(state.user.id, state);
    this.stats.keptFromReads++;
  }
}

/** Only users whose state no one else's write can change (see the class comment). */
function cacheable(state: UserState): boolean {
  return state.followsSomeone === false && state.social.size === 0;
}
