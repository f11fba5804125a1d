import type { Db } from '@tessera/db';
import { existingTenants } from './store/write-batch.js';

/**
 * Which tenant ids exist, so the platform-role transaction never writes a row for an unknown
 * tenant. Known ids are cached for `ttlMs`; unknown ids are asked again on every batch, so a
 * tenant created a moment ago is accepted at once.
 */
export class TenantDirectory {
  private known = new Set<string>();
  private loadedAt = Date.now();

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 60_000,
  ) {}

  async partition(tenantIds: Iterable<string>): Promise<{ known: Set<string>; unknown: Set<string> }> {
    if (Date.now() - this.loadedAt > this.ttlMs) this.forget();
    const asked = new Set(tenantIds);
    const missing = [...asked].filter((id) => !this.known.has(id));
    if (missing.length > 0) for (const id of await existingTenants(this.db, missing)) this.known.add(id);
    const known = new Set<string>();
    const unknown = new Set<string>();
    for (const id of asked) (this.known.has(id) ? known : unknown).add(id);
    return { known, unknown };
  }

  /** Called after a failed batch: a tenant deleted meanwhile must be looked up again. */
  forget(): void {
    this.known.clear();
    this.loadedAt = Date.now();
  }
}
