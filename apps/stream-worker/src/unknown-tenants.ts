/**
 * Which unknown tenants to warn about now, at most once per tenant per interval, with the events
 * rejected since the last warning: a producer misconfigured with a wrong tenant id otherwise
 * logs a warning per batch (one per chunk of every fetch, dozens a second in a backlog).
 */
export class UnknownTenantWarnings {
  private readonly tenants = new Map<string, { warnedAt: number; events: number }>();

  constructor(
    readonly intervalMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Tenants remembered. */
  get size(): number {
    return this.tenants.size;
  }

  /** Records `events` rejected for `tenantId`; returns what to warn about now, if anything. */
  note(counts: ReadonlyMap<string, number>): { tenantId: string; events: number }[] {
    const due: { tenantId: string; events: number }[] = [];
    const now = this.now();
    for (const [tenantId, events] of counts) {
      const entry = this.tenants.get(tenantId) ?? { warnedAt: Number.NEGATIVE_INFINITY, events: 0 };
      entry.events += events;
      if (now - entry.warnedAt >= this.intervalMs) {
        due.push({ tenantId, events: entry.events });
        entry.warnedAt = now;
        entry.events = 0;
      }
      this.tenants.set(tenantId, entry);
    }
    // Bounded: a stream of random tenant ids must not grow this for ever.
    if (this.tenants.size > 10_000) {
      for (const [tenantId, entry] of this.tenants)
        if (now - entry.warnedAt >= this.intervalMs) this.tenants.delete(tenantId);
    }
    return due;
  }
}
