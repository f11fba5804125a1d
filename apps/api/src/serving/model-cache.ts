import { type Db, queryRows, sql, withPlatform, withTenant } from '@tessera/db';
import { loadModel, type Recommender as Model } from '@tessera/models';
import type { Logger } from 'pino';
import { modelAids } from './model-aids.js';
import { ByteBudget, TrainedTopCache } from './trained-top.js';

export interface ActiveModel {
  id: string;
  algorithm: string;
  version: number;
  model: Model;
  itemIndex: Map<string, number>;
  /** The model's user index by id: a user it has seen whole is scored from the trained state. */
  userIndex: Map<string, number>;
  /** The newest interaction the model was trained on (epoch ms; null when the trainer did not say). */
  dataTo: number | null;
  /** The stored bytes it was loaded from (a ranking thread loads its own copy from them). */
  artifact: Uint8Array;
  /** Trained users' candidate lists, computed when the model became a tenant's active one. */
  trainedTop?: TrainedTopCache | undefined;
}

export interface ModelRow {
  id: string;
  algorithm: string;
  version: number;
  data_to: number | null;
}

/** A loaded artifact with the lookups serving needs, built once per model (not per request). */
export function activate(row: ModelRow, stored: Uint8Array): ActiveModel {
  const artifact = new Uint8Array(stored);
  const model = loadModel(artifact);
  return {
    artifact,
    id: row.id,
    algorithm: row.algorithm,
    version: row.version,
    model,
    itemIndex: new Map(model.itemIds.map((id, index) => [id, index])),
    userIndex: new Map(model.userIds.map((id, index) => [id, index])),
    dataTo: row.data_to === null ? null : Number(row.data_to),
  };
}

/** The tenants that have an active model (read across tenants, as the platform role). */
export async function tenantsWithActiveModel(db: Db): Promise<string[]> {
  const rows = await withPlatform(db, (tx) =>
    queryRows<{ tenant_id: string }>(tx, sql`select distinct tenant_id from models where status = 'active'`),
  );
  return rows.map((r) => r.tenant_id);
}

const rowColumns = sql`id, algorithm, version, (extract(epoch from data_to) * 1000)::float8 as data_to`;

interface Entry {
  checkedAt: number;
  active: ActiveModel | null;
  checking?: Promise<void> | undefined;
  /** The first load, which every request arriving before it finishes waits for (never served model-less). */
  loading?: Promise<void> | undefined;
  /** A version being loaded and prepared: a second refresh that finds the same waits for it. */
  activating?: { id: string; done: Promise<void> } | undefined;
}

/**
 * The active model of each tenant, in memory. A cheap version check runs at most every
 * `checkMs`; a newly promoted version is loaded in the background and swapped in atomically, so
 * requests never wait on a reload and never see half a model.
 */
/** MiB for trained users' candidate lists when nothing says otherwise (API_TRAINED_CANDIDATES_MB). */
export const DEFAULT_TRAINED_CANDIDATES_MB = 128;

export interface TrainedCandidateOptions {
  /** Bytes the active models' candidate lists may hold between them (0 turns them off). */
  budgetBytes: number;
  /** Items kept per user (default 80: a pool of 50 plus room for 30 of the user's own items). */
  width?: number;
  /** Longest the event loop is held at a time while a model's lists are computed (default 8 ms). */
  sliceMs?: number;
}

export class ModelCache {
  private readonly entries = new Map<string, Entry>();
  private readonly budget: ByteBudget | null;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly checkMs = 2_000,
    private readonly trained: TrainedCandidateOptions = {
      budgetBytes: DEFAULT_TRAINED_CANDIDATES_MB * 2 ** 20,
    },
  ) {
    this.budget = trained.budgetBytes > 0 ? new ByteBudget(trained.budgetBytes) : null;
  }

  async get(tenantId: string): Promise<ActiveModel | null> {
    let entry = this.entries.get(tenantId);
    if (!entry) {
      const created: Entry = { checkedAt: 0, active: null };
      created.loading = this.refresh(tenantId, created).finally(() => {
        created.loading = undefined;
      });
      this.entries.set(tenantId, created);
      entry = created;
    }
    if (entry.loading) {
      await entry.loading;
      return entry.active;
    }
    if (Date.now() - entry.checkedAt > this.checkMs && !entry.checking) {
      entry.checking = this.refresh(tenantId, entry).finally(() => {
        entry.checking = undefined;
      });
    }
    return entry.active;
  }

  private readonly byVersion = new Map<string, ActiveModel>();

  /**
   * Every tenant's active model, loaded (with its trained users' candidate lists) before the server
   * says ready, so no request waits for a first load. A tenant that fails is loaded when first asked.
   */
  async preloadActive(): Promise<void> {
    const began = performance.now();
    const tenants = await tenantsWithActiveModel(this.db);
    let loaded = 0;
    for (const tenantId of tenants) {
      try {
        if (await this.get(tenantId)) loaded++;
      } catch (error) {
        this.log.warn({ err: error, tenantId }, 'model preload failed; it loads when first asked');
      }
    }
    if (tenants.length > 0)
      this.log.info(
        { tenants: tenants.length, loaded, ms: Math.round(performance.now() - began) },
        'active models preloaded',
      );
  }

  /** A specific version (an experiment's variant), loaded once and kept; null when it does not exist. */
  async byId(tenantId: string, modelId: string): Promise<ActiveModel | null> {
    const key = `${tenantId}:${modelId}`;
    const cached = this.byVersion.get(key);
    if (cached) return cached;
    if (!/^[0-9a-f-]{36}$/i.test(modelId)) return null;
    // Concurrent first requests of a variant share one load.
    let pending = this.loadingById.get(key);
    if (!pending) {
      pending = this.loadVersion(tenantId, modelId, key).finally(() => this.loadingById.delete(key));
      this.loadingById.set(key, pending);
    }
    return pending;
  }

  private readonly loadingById = new Map<string, Promise<ActiveModel | null>>();

  private async loadVersion(tenantId: string, modelId: string, key: string): Promise<ActiveModel | null> {
    const [row] = await withTenant(this.db, tenantId, (tx) =>
      queryRows<ModelRow & { artifact: Uint8Array | null }>(
        tx,
        sql`select ${rowColumns}, artifact from models where id = ${modelId}`,
      ),
    );
    if (!row?.artifact) return null;
    const loaded = activate(row, row.artifact);
    if (this.byVersion.size > 64) this.byVersion.clear();
    this.byVersion.set(key, loaded);
    return loaded;
  }

  /** Loads a tenant's newest active version now (after a promotion through this process). */
  async reload(tenantId: string): Promise<ActiveModel | null> {
    const entry = this.entries.get(tenantId) ?? { checkedAt: 0, active: null };
    this.entries.set(tenantId, entry);
    await this.refresh(tenantId, entry);
    return entry.active;
  }

  private async refresh(tenantId: string, entry: Entry): Promise<void> {
    try {
      const [head] = await withTenant(this.db, tenantId, (tx) =>
        queryRows<ModelRow>(
          tx,
          sql`select ${rowColumns} from models where status = 'active'
              order by promoted_at desc nulls last, created_at desc limit 1`,
        ),
      );
      entry.checkedAt = Date.now();
      if (!head) {
        entry.active?.trainedTop?.dispose();
        entry.active = null;
        return;
      }
      if (entry.active?.id === head.id) return;
      if (entry.activating?.id === head.id) {
        await entry.activating.done;
        return;
      }
      const done = this.activateVersion(tenantId, entry, head);
      entry.activating = { id: head.id, done };
      try {
        await done;
      } finally {
        if (entry.activating?.done === done) entry.activating = undefined;
      }
    } catch (error) {
      entry.checkedAt = Date.now();
      this.log.error({ tenantId, err: error }, 'model refresh failed; keeping the previous version');
    }
  }

  private async activateVersion(tenantId: string, entry: Entry, head: ModelRow): Promise<void> {
    const [row] = await withTenant(this.db, tenantId, (tx) =>
      queryRows<{ artifact: Uint8Array | null }>(tx, sql`select artifact from models where id = ${head.id}`),
    );
    if (!row?.artifact) return;
    const started = performance.now();
    const next = activate(head, row.artifact);
    // Computed before the swap: the previous version keeps serving meanwhile, and a first load
    // is waited for anyway (the server preloads active models before it says ready).
    await this.computeTrainedTop(tenantId, next);
    if (entry.activating !== undefined && entry.activating.id !== head.id) {
      // A newer version began loading meanwhile: it, not this one, is what the tenant serves next.
      next.trainedTop?.dispose();
      return;
    }
    const previous = entry.active;
    entry.active = next;
    previous?.trainedTop?.dispose();
    this.log.info(
      {
        tenantId,
        modelId: head.id,
        algorithm: head.algorithm,
        version: head.version,
        loadMs: Math.round(performance.now() - started),
      },
      'model loaded',
    );
  }

  /**
   * The active models' candidate lists, summed: lookups answered, filled, run short; bytes held,
   * and bytes the budget has left (replaced models' storage included once given back).
   */
  trainedTopStats(): {
    hits: number;
    misses: number;
    short: number;
    filled: number;
    bytes: number;
    left: number;
  } {
    const sum = { hits: 0, misses: 0, short: 0, filled: 0, bytes: 0, left: this.budget?.remaining ?? 0 };
    for (const entry of this.entries.values()) {
      const cache = entry.active?.trainedTop;
      if (!cache) continue;
      sum.hits += cache.stats.hits;
      sum.misses += cache.stats.misses;
      sum.short += cache.stats.short;
      sum.filled += cache.stats.filled;
      sum.bytes += cache.bytes;
    }
    return sum;
  }

  /**
   * Every trained user's candidate list for a model about to serve (trained-top.ts), in slices of
   * the event loop so requests keep flowing, as far as the budget allows.
   */
  private async computeTrainedTop(tenantId: string, active: ActiveModel): Promise<void> {
    const dot = modelAids(active.model).dotProduct;
    const users = active.model.userIds.length;
    if (!this.budget || !dot || users === 0) return;
    const cache = new TrainedTopCache(
      users,
      active.model.itemIds.length,
      this.trained.width ?? 80,
      (user, width) => dot.top(dot.vectorOf(user), width, []),
      this.budget,
    );
    active.trainedTop = cache;
    const started = performance.now();
    while (!cache.warm(this.trained.sliceMs ?? 8)) await new Promise((resolve) => setImmediate(resolve));
    const seconds = (performance.now() - started) / 1000;
    this.log.info(
      {
        tenantId,
        modelId: active.id,
        users: cache.filled,
        of: users,
        mb: Math.round(cache.bytes / 2 ** 20),
        seconds: Number(seconds.toFixed(2)),
        usersPerSec: Math.round(cache.filled / Math.max(seconds, 1e-3)),
      },
      cache.filled < users
        ? 'trained candidates computed (budget full: the rest are scored per request)'
        : 'trained candidates computed',
    );
  }
}
