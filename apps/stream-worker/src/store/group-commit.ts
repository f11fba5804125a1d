import type { ScoredEvent } from '../features/aggregate.js';
import type { BatchWriteResult, DeadLetterRow } from './write-batch.js';

/** What one partition's batch (or one chunk of it) asks to have stored. */
export interface WriteRequest {
  scored: ScoredEvent[];
  deadLetters: DeadLetterRow[];
  heartbeat: () => Promise<void>;
  /** True once the partition moved to another member: its rows are left to that member. */
  isStale: () => boolean;
}

/** The events of one request that were new (stored and counted), or `skipped` when it went stale. */
export type WriteOutcome = { inserted: ScoredEvent[] } | { skipped: true };

export type GroupWriter = (
  scored: ScoredEvent[],
  deadLetters: DeadLetterRow[],
  between: () => Promise<void>,
) => Promise<Pick<BatchWriteResult, 'inserted'>>;

export interface GroupCommitOptions {
  /** Longest wait for handlers still decoding before a group is written without them (default 25 ms). */
  maxLingerMs?: number;
  /**
   * Events per group, at most (default 48,000; one larger tenant part still goes alone). A larger
   * group merges more of its events into each feature row (a user, a hot item, an hour bucket):
   * in bench:ingest (300k events, chunks of 12,000) a cap of 48k cost PostgreSQL 54–55 µs per
   * event and a cap of 16k 60. It holds its memory and its callers' visibility for longer, but only a
   * backlog fills one: at a live rate a group holds what arrived during the last write.
   */
  maxGroupEvents?: number;
  /** Transactions written at the same time (default 1), each on its own connection. */
  lanes?: number;
}

/** A request waiting for all its tenant parts. */
interface Pending {
  request: WriteRequest;
  resolve: (outcome: WriteOutcome) => void;
  reject: (error: unknown) => void;
  remaining: number;
  inserted: ScoredEvent[];
  settled: boolean;
}

/** One tenant's rows of one request. */
interface Part {
  owner: Pending;
  lane: number;
  tenantId: string;
  scored: ScoredEvent[];
  deadLetters: DeadLetterRow[];
}

/**
 * Group commit across partitions, in one or more lanes. Kafka hands the batches of one fetch (one
 * per partition) to concurrent handlers; each used to write in its own transaction, so a fetch
 * cost as many transactions and commits as it had partitions, and they queued on each other's
 * locks of hot item rows. Here every handler that has begun is waited for, and their rows go
 * into one transaction (one aggregation, so each feature row is written once).
 *
 * Requests are split by tenant. With several lanes, each tenant belongs to one lane (given, when
 * first seen, to the lane that has had the fewest events so far), and the lanes write their groups
 * at the same time: every row the worker writes belongs to one tenant, so concurrent groups share
 * no row and never wait on each other's locks, and one PostgreSQL backend per lane works in
 * parallel. A tenant's parts are written in the order they came. One tenant's stream is written
 * by one backend at a time. A request is answered once all its parts are committed; if any part fails, the
 * request fails (Kafka redelivers it, and the dedup ledger drops the parts that did commit).
 */
export class GroupCommitter {
  private readonly queue: Part[] = [];
  /** Per lane: whether it is writing a group now, and how many events it was given so far. */
  private readonly lanes: { busy: boolean; events: number }[];
  private readonly laneOf = new Map<string, number>();
  private readonly maxLingerMs: number;
  private readonly maxGroupEvents: number;
  private preparing = 0;
  private linger: NodeJS.Timeout | undefined;
  private lingerDone = false;

  constructor(
    private readonly write: GroupWriter,
    options: GroupCommitOptions = {},
  ) {
    this.maxLingerMs = options.maxLingerMs ?? 25;
    this.maxGroupEvents = options.maxGroupEvents ?? 48_000;
    this.lanes = Array.from({ length: Math.max(1, options.lanes ?? 1) }, () => ({ busy: false, events: 0 }));
  }

  /** A handler has started decoding a batch: the next group waits for its request (or `cancel`). */
  begin(): { submit(request: WriteRequest): Promise<WriteOutcome>; cancel(): void } {
    this.preparing += 1;
    let open = true;
    const close = () => {
      if (!open) return false;
      open = false;
      this.preparing -= 1;
      return true;
    };
    return {
      submit: (request) =>
        new Promise<WriteOutcome>((resolve, reject) => {
          close();
          this.enqueue({ request, resolve, reject, remaining: 0, inserted: [], settled: false });
          this.schedule();
        }),
      cancel: () => {
        if (close()) this.schedule();
      },
    };
  }

  private enqueue(owner: Pending): void {
    const parts = new Map<string, Part>();
    const partOf = (tenantId: string) => {
      let part = parts.get(tenantId);
      if (!part) {
        part = { owner, lane: 0, tenantId, scored: [], deadLetters: [] };
        parts.set(tenantId, part);
      }
      return part;
    };
    for (const s of owner.request.scored) partOf(s.event.tenantId).scored.push(s);
    for (const d of owner.request.deadLetters) partOf(d.tenantId).deadLetters.push(d);
    owner.remaining = parts.size;
    if (parts.size === 0) {
      this.settle(owner, owner.request.isStale() ? { skipped: true } : { inserted: [] });
      return;
    }
    for (const part of parts.values()) {
      part.lane = this.laneFor(part.tenantId, part.scored.length + part.deadLetters.length);
      this.queue.push(part);
    }
  }

  private settle(owner: Pending, outcome: WriteOutcome | { error: unknown }): void {
    if (owner.settled) return;
    owner.settled = true;
    if ('error' in outcome) owner.reject(outcome.error);
    else owner.resolve(outcome);
  }

  private schedule(): void {
    if (this.queue.length === 0) return;
    if (this.preparing > 0 && !this.lingerDone) {
      this.linger ??= setTimeout(() => {
        this.linger = undefined;
        this.lingerDone = true;
        this.schedule();
      }, this.maxLingerMs);
      return;
    }
    clearTimeout(this.linger);
    this.linger = undefined;
    this.lingerDone = false;
    this.lanes.forEach((lane, index) => {
      if (lane.busy || this.queue.length === 0) return;
      const group = this.take(index);
      if (group.length === 0) return;
      lane.busy = true;
      void this.writeGroup(group).finally(() => {
        lane.busy = false;
        this.schedule();
      });
    });
  }

  private laneFor(tenantId: string, events: number): number {
    let lane = this.laneOf.get(tenantId);
    if (lane === undefined) {
      lane = 0;
      for (let i = 1; i < this.lanes.length; i++)
        if ((this.lanes[i] as { events: number }).events < (this.lanes[lane] as { events: number }).events)
          lane = i;
      this.laneOf.set(tenantId, lane);
    }
    (this.lanes[lane] as { events: number }).events += events;
    return lane;
  }

  /** This lane's queued parts, oldest first, up to the group cap. */
  private take(lane: number): Part[] {
    const group: Part[] = [];
    let events = 0;
    for (let i = 0; i < this.queue.length; ) {
      const part = this.queue[i] as Part;
      if (part.owner.settled) {
        this.queue.splice(i, 1); // its request already failed or went stale
        continue;
      }
      if (part.owner.request.isStale()) {
        this.settle(part.owner, { skipped: true });
        this.queue.splice(i, 1);
        continue;
      }
      if (part.lane !== lane) {
        i++;
        continue;
      }
      if (group.length > 0 && events + part.scored.length > this.maxGroupEvents) break;
      events += part.scored.length;
      group.push(part);
      this.queue.splice(i, 1);
    }
    return group;
  }

  private async writeGroup(group: Part[]): Promise<void> {
    const scored: ScoredEvent[] = [];
    const deadLetters: DeadLetterRow[] = [];
    for (const part of group) {
      for (const s of part.scored) scored.push(s);
      for (const d of part.deadLetters) deadLetters.push(d);
    }
    // Every consumer with a request here heartbeats while the group is written: one whose
    // handlers all wait on this group would otherwise be silent for the whole write.
    const heartbeats = [...new Set(group.map((part) => part.owner.request.heartbeat))];
    const heartbeat = async () => {
      await Promise.all(heartbeats.map((beat) => beat()));
    };
    let result: Pick<BatchWriteResult, 'inserted'>;
    try {
      result = await this.write(scored, deadLetters, heartbeat);
    } catch (error) {
      for (const part of group) this.settle(part.owner, { error });
      return;
    }
    const stored = new Set(result.inserted);
    for (const part of group) {
      const { owner } = part;
      for (const s of part.scored) if (stored.has(s)) owner.inserted.push(s);
      owner.remaining -= 1;
      if (owner.remaining === 0) {
        // Keep the request's own order: parts were split by tenant.
        const mine = new Set(owner.inserted);
        this.settle(owner, { inserted: owner.request.scored.filter((s) => mine.has(s)) });
      }
    }
  }
}
