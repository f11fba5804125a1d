/**
 * A per-tenant value refreshed in the background once stale: readers get the last good value at
 * once, and only one refresh per tenant is in flight.
 */
export class TenantCache<T> {
  private readonly entries = new Map<string, { value: T; at: number; refreshing?: Promise<T> | undefined }>();

  constructor(
    private readonly ttlMs: number,
    private readonly load: (tenantId: string) => Promise<T>,
  ) {}

  async get(tenantId: string): Promise<T> {
    const entry = this.entries.get(tenantId);
    if (!entry) {
      const value = await this.load(tenantId);
      this.entries.set(tenantId, { value, at: Date.now() });
      return value;
    }
    if (Date.now() - entry.at > this.ttlMs && !entry.refreshing) {
      entry.refreshing = this.load(tenantId)
        .then((value) => {
          this.entries.set(tenantId, { value, at: Date.now() });
          return value;
        })
        .catch(() => {
          entry.refreshing = undefined;
          return entry.value;
        });
    }
    return entry.value;
  }

  /** Forget a tenant's value so the next read loads it fresh (after a write through this process). */
  invalidate(tenantId: string): void {
    this.entries.delete(tenantId);
  }
}
