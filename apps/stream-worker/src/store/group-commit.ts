import type { ScoredEvent } from '../features/aggregate.js';
import type { BatchWriteResult, DeadLetterRow } from './write-batch.js';

/** What one partition's batch asks to have stored. */
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
) => Promise<BatchWriteResult>;

interface Queued {
  request: WriteRequest;
  resolve: (outcome: WriteOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit across partitions. Kafka hands the batches of one fetch (one per partition) to
 * concurrent handlers; each used to write in its own transaction, so a fetch cost as many
 * transactions, statement rounds and commits as it had partitions, and the transactions queued
 * on each other's locks of hot item rows. Here every handler that has begun is waited for, and
 * all their rows go into one transaction (one aggregation, so each feature row is written once).
 * Requests that arrive while a group is being written form the next group, so decoding and
 * writing overlap. Offsets are still committed by each handler, after the commit that holds its rows.
 */
export class GroupCommitter {
  private readonly queue: Queued[] = [];
  private preparing = 0;
  private writing = false;
  private linger: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: GroupWriter,
    /** Longest wait for handlers still decoding before a group is written without them. */
    private readonly maxLingerMs = 25,
  ) {}

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
          this.queue.push({ request, resolve, reject });
          this.schedule();
        }),
      cancel: () => {
        if (close()) this.schedule();
      },
    };
  }

  private schedule(): void {
    if (this.writing || this.queue.length === 0) return;
    if (this.preparing === 0) {
      clearTimeout(this.linger);
      this.linger = undefined;
      void this.flush();
      return;
    }
    this.linger ??= setTimeout(() => {
      this.linger = undefined;
      void this.flush();
    }, this.maxLingerMs);
  }

  private async flush(): Promise<void> {
    if (this.writing || this.queue.length === 0) return;
    this.writing = true;
    const group = this.queue.splice(0);
    const live: Queued[] = [];
    for (const entry of group) {
      if (entry.request.isStale()) entry.resolve({ skipped: true });
      else live.push(entry);
    }
    try {
      if (live.length > 0) await this.writeGroup(live);
    } finally {
      this.writing = false;
      this.schedule();
    }
  }

  private async writeGroup(group: Queued[]): Promise<void> {
    const scored: ScoredEvent[] = [];
    const deadLetters: DeadLetterRow[] = [];
    for (const { request } of group) {
      for (const s of request.scored) scored.push(s);
      for (const d of request.deadLetters) deadLetters.push(d);
    }
    const heartbeat = (group[0] as Queued).request.heartbeat;
    let result: BatchWriteResult;
    try {
      result = await this.write(scored, deadLetters, heartbeat);
    } catch (error) {
      for (const entry of group) entry.reject(error);
      return;
    }
    const stored = new Set(result.inserted);
    for (const entry of group) entry.resolve({ inserted: entry.request.scored.filter((s) => stored.has(s)) });
  }
}
