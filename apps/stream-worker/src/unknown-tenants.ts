/** What to log about events for unknown tenants, now. */
export interface UnknownTenantReport {
  /** Tenants first seen in this interval, up to the interval's cap, with their events in this batch. */
  tenants: { tenantId: string; events: number }[];
  /** The interval that just ended, when it had any: distinct tenants (at least, past the cap) and events. */
  lastInterval?: { tenants: number; tenantsCapped: boolean; events: number };
}

const MAX_TENANTS_COUNTED = 10_000;

/**
 * Bounds the warnings about events for unknown tenants: a producer with a wrong tenant id would
 * otherwise log a line per batch (one per chunk of every fetch, dozens a second in a backlog),
 * and one sending random ids a line per id. Per interval, each tenant is named once, at most
 * `maxPerInterval` of them; the next interval starts with one line totalling the last (so the
 * total of a burst that stopped waits for the next such event; the DLQ counter by reason,
 * `tessera_stream_dlq_total{reason="UNKNOWN_TENANT"}`, counts every one at once).
 */
export class UnknownTenantWarnings {
  private intervalStart = Number.NEGATIVE_INFINITY;
  private tenants = new Set<string>();
  private tenantsCapped = false;
  private events = 0;

  constructor(
    readonly intervalMs = 60_000,
    readonly maxPerInterval = 20,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records one batch's rejected events per unknown tenant. */
  note(counts: ReadonlyMap<string, number>): UnknownTenantReport {
    const now = this.now();
    const report: UnknownTenantReport = { tenants: [] };
    if (now - this.intervalStart >= this.intervalMs) {
      if (this.events > 0)
        report.lastInterval = {
          tenants: this.tenants.size,
          tenantsCapped: this.tenantsCapped,
          events: this.events,
        };
      this.intervalStart = now;
      this.tenants = new Set();
      this.tenantsCapped = false;
      this.events = 0;
    }
    for (const [tenantId, events] of counts) {
      this.events += events;
      if (this.tenants.has(tenantId)) continue;
      if (this.tenants.size >= MAX_TENANTS_COUNTED) {
        this.tenantsCapped = true;
        continue;
      }
      this.tenants.add(tenantId);
      if (this.tenants.size <= this.maxPerInterval) report.tenants.push({ tenantId, events });
    }
    return report;
  }
}
