/**
 * What the harness got acknowledged (API answer ACCEPTED, or Kafka acks=all), per sequence
 * number: the truth is folded from it, and recovery is measured against its running count.
 */
export class Ledger {
  readonly acked: Uint8Array;
  /** Milliseconds after `startedAt` of each event's first acknowledgement. */
  readonly ackedAfterMs: Uint32Array;
  readonly startedAt = Date.now();
  distinct = 0;
  /** Acknowledged sends including re-sends of events already acknowledged. */
  withRepeats = 0;

  constructor(readonly total: number) {
    this.acked = new Uint8Array(total);
    this.ackedAfterMs = new Uint32Array(total);
  }

  ack(seqs: readonly number[]): void {
    const after = Date.now() - this.startedAt;
    for (const seq of seqs) {
      this.withRepeats += 1;
      if (this.acked[seq] === 0) {
        this.acked[seq] = 1;
        this.ackedAfterMs[seq] = after;
        this.distinct += 1;
      }
    }
  }

  /** How many of these events had been acknowledged by that instant. */
  ackedBy(seqs: readonly number[], atMs: number): number {
    return seqs.filter(
      (seq) => this.acked[seq] === 1 && this.startedAt + (this.ackedAfterMs[seq] ?? 0) <= atMs,
    ).length;
  }
}

/** Counters of everything the clients saw; `*InFaultWindow` are the retryable ones while a dependency was down. */
export interface ClientStats {
  apiRequests: number;
  apiErrors5xx: number;
  apiErrors5xxInFaultWindow: number;
  apiNetworkErrors: number;
  apiNetworkErrorsInFaultWindow: number;
  apiRateLimited: number;
  apiRejectedAsExpected: number;
  apiRejectedUnexpected: number;
  kafkaSends: number;
  kafkaSendErrors: number;
  kafkaSendErrorsInFaultWindow: number;
  malformedSent: number;
}

export function emptyStats(): ClientStats {
  return {
    apiRequests: 0,
    apiErrors5xx: 0,
    apiErrors5xxInFaultWindow: 0,
    apiNetworkErrors: 0,
    apiNetworkErrorsInFaultWindow: 0,
    apiRateLimited: 0,
    apiRejectedAsExpected: 0,
    apiRejectedUnexpected: 0,
    kafkaSends: 0,
    kafkaSendErrors: 0,
    kafkaSendErrorsInFaultWindow: 0,
    malformedSent: 0,
  };
}
