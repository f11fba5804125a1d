import { Worker } from 'node:worker_threads';
import type { RankedItem } from '@tessera/pipelines';
import type { CatalogItem } from './catalog.js';
import type { ActiveModel, ModelRow } from './model-cache.js';
import type { RankedIds } from './popularity.js';
import { type RankInput, rankForUser } from './rank.js';

/** Where `rankForUser` runs: inline on the event loop, or on ranking threads. */
export interface Ranker {
  rank(tenantId: string, input: RankInput): Promise<RankedItem[]>;
  close(): Promise<void>;
  /** Where the lists went, for rankers with threads. */
  readonly stats?: RankingStats;
}

export const inlineRanker: Ranker = {
  rank: async (_tenantId, input) => rankForUser(input),
  close: async () => {},
};

type Snapshot =
  | { kind: 'value'; value: Map<string, CatalogItem> | Map<string, number> | RankedIds }
  | { kind: 'model'; row: ModelRow; artifact: Uint8Array };

/** What a ranking thread gets: the request by value, the long-lived inputs as ids of snapshots it holds. */
export type ThreadRankInput = Omit<RankInput, 'catalog' | 'model' | 'trending' | 'popular' | 'segment'> & {
  items: number;
  sentiment: number;
  model: number | null;
  trending: number;
  popular: number;
  segment: number | null;
};

export type ToThread =
  | { type: 'put'; id: number; snapshot: Snapshot }
  | { type: 'drop'; id: number }
  | { type: 'rank'; seq: number; input: ThreadRankInput };

/** One list's answer; a thread answers each message (an array of `ToThread`) with an array of these. */
export interface Reply {
  seq: number;
  ok: boolean;
  items?: RankedItem[];
  error?: string;
}

/** Snapshots a slot keeps: the current one and the one before (requests begun before a refresh still use it). */
const PER_SLOT = 2;
/** Model slots (one per model id) kept beyond that, least recently used dropped first. */
const MAX_MODEL_SLOTS = 8;

/**
 * Ranking (candidates, scoring, pipeline: about a third of a recommendation's CPU) on worker
 * threads, so the event loop only parses, reads state and answers, and the second core does the
 * ranking. Catalog, sentiment, popularity lists and models are long-lived: each is sent once per
 * thread when first seen (by object identity) and dropped when its cache slot moves on, so a
 * request carries only the user's state and its arguments. A thread that dies fails nothing: what
 * it held is ranked inline and a fresh thread starts on the next request.
 */
export function createThreadedRanker(
  options: { threads?: number } = {},
): Ranker & { restartThreads(): Promise<void>; stats: RankingStats } {
  const stats: RankingStats = { onThreads: 0, inlineAfterThreadLoss: 0, messages: 0 };
  const threads = Array.from({ length: Math.max(1, options.threads ?? 1) }, () => new RankingThread(stats));
  let next = 0;
  return {
    stats,
    rank(tenantId, input) {
      const thread = threads[next]!;
      next = (next + 1) % threads.length;
      return thread.rank(tenantId, input);
    },
    async close() {
      await Promise.all(threads.map((t) => t.close()));
    },
    /** Stops the threads now: what they held is ranked inline, and the next request starts fresh ones. */
    async restartThreads() {
      await Promise.all(threads.map((t) => t.close()));
    },
  };
}

/** Lists ranked by the threads, and by the event loop for a thread that stopped. */
export interface RankingStats {
  onThreads: number;
  inlineAfterThreadLoss: number;
  /** Messages posted to threads: the lists (and snapshots) asked for in one turn of the event loop share one. */
  messages: number;
}

interface Pending {
  input: RankInput;
  resolve: (items: RankedItem[]) => void;
  reject: (error: Error) => void;
}

class RankingThread {
  private worker: Worker | undefined;
  private ids = new WeakMap<object, number>();
  private slots = new Map<string, number[]>();
  private modelSlots = new Map<string, number>();
  private nextId = 1;
  private nextSeq = 1;
  private readonly pending = new Map<number, Pending>();
  /**
   * What this turn of the event loop has for the thread, posted as one message (setImmediate). A
   * user-state batch answers several requests at once and each asks for its list: one message and
   * one reply for all of them, instead of a cross-thread wake-up each way per list, cut the event
   * loop's CPU per recommendation (bench:api). Snapshots travel in the same array, so the thread
   * sees every `put` before the lists that use it and every `drop` after them.
   */
  private outbox: ToThread[] = [];

  constructor(private readonly stats: RankingStats) {}

  rank(tenantId: string, input: RankInput): Promise<RankedItem[]> {
    this.worker ??= this.start();
    const worker = this.worker;
    const { catalog, model, trending, popular, segment, ...rest } = input;
    const message: ToThread = {
      type: 'rank',
      seq: this.nextSeq++,
      input: {
        ...rest,
        items: this.ensure(worker, `${tenantId}:items`, catalog.byId, () => value(catalog.byId)),
        sentiment: this.ensure(worker, `${tenantId}:sentiment`, catalog.sentiment, () =>
          value(catalog.sentiment),
        ),
        model: model ? this.ensureModel(worker, tenantId, model) : null,
        trending: this.ensure(worker, `${tenantId}:trending`, trending, () => value(trending)),
        popular: this.ensure(worker, `${tenantId}:popular`, popular, () => value(popular)),
        segment: segment
          ? this.ensure(worker, `${tenantId}:segment:${input.state.segment}`, segment, () => value(segment))
          : null,
      },
    };
    return new Promise((resolve, reject) => {
      this.pending.set(message.seq, { input, resolve, reject });
      this.post(worker, message);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    await worker.terminate();
    this.abandon(worker);
  }

  private post(worker: Worker, message: ToThread): void {
    if (this.outbox.length === 0) {
      const box = this.outbox;
      setImmediate(() => this.flush(worker, box));
    }
    this.outbox.push(message);
  }

  private flush(worker: Worker, box: ToThread[]): void {
    if (this.outbox === box) this.outbox = [];
    // A thread that stopped meanwhile gets nothing: its lists were ranked inline (abandon).
    if (this.worker !== worker || box.length === 0) return;
    this.stats.messages++;
    worker.postMessage(box);
  }

  /** The id the thread holds `object` under, sending it first when the thread has not got it. */
  private ensure(worker: Worker, slot: string, object: object, snapshot: () => Snapshot): number {
    const held = this.slots.get(slot) ?? [];
    const known = this.ids.get(object);
    if (known !== undefined && held.includes(known)) return known;
    const id = this.nextId++;
    this.ids.set(object, id);
    this.post(worker, { type: 'put', id, snapshot: snapshot() });
    held.push(id);
    while (held.length > PER_SLOT) this.post(worker, { type: 'drop', id: held.shift()! });
    this.slots.set(slot, held);
    return id;
  }

  private ensureModel(worker: Worker, tenantId: string, model: ActiveModel): number {
    const slot = `${tenantId}:model:${model.id}`;
    const id = this.ensure(worker, slot, model, () => ({
      kind: 'model',
      row: { id: model.id, algorithm: model.algorithm, version: model.version, data_to: model.dataTo },
      artifact: model.artifact,
    }));
    this.modelSlots.delete(slot);
    this.modelSlots.set(slot, id);
    for (const [oldest] of this.modelSlots) {
      if (this.modelSlots.size <= MAX_MODEL_SLOTS) break;
      this.modelSlots.delete(oldest);
      for (const dropped of this.slots.get(oldest) ?? []) this.post(worker, { type: 'drop', id: dropped });
      this.slots.delete(oldest);
    }
    return id;
  }

  private start(): Worker {
    // Built code runs the .js beside this file; tests and tsx runs load the TypeScript source
    // through tsx's loader, registered inside the worker (a worker does not inherit it).
    const entry = new URL(
      `./ranking-thread.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`,
      import.meta.url,
    );
    const worker = entry.pathname.endsWith('.ts')
      ? new Worker(
          `(async () => { (await import('tsx/esm/api')).register(); await import(${JSON.stringify(entry.href)}); })()`,
          { eval: true, execArgv: ['--conditions=@tessera/source'] },
        )
      : new Worker(entry);
    worker.on('message', (replies: Reply[]) => {
      for (const reply of replies) {
        const pending = this.pending.get(reply.seq);
        this.pending.delete(reply.seq);
        if (reply.ok) this.stats.onThreads++;
        if (reply.ok) pending?.resolve(reply.items!);
        else pending?.reject(new Error(reply.error ?? 'ranking thread failed'));
      }
    });
    worker.on('error', () => this.abandon(worker));
    worker.on('exit', () => this.abandon(worker));
    worker.unref();
    return worker;
  }

  /**
   * Forgets a thread that stopped and everything it held (a new one starts empty). Nothing is lost
   * with it: the requests it held are ranked here instead.
   */
  private abandon(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.outbox = [];
    this.ids = new WeakMap();
    this.slots.clear();
    this.modelSlots.clear();
    const orphans = [...this.pending.values()];
    this.pending.clear();
    for (const p of orphans) {
      this.stats.inlineAfterThreadLoss++;
      try {
        p.resolve(rankForUser(p.input));
      } catch (error) {
        p.reject(error as Error);
      }
    }
  }
}

function value(v: Map<string, CatalogItem> | Map<string, number> | RankedIds): Snapshot {
  return { kind: 'value', value: v };
}
