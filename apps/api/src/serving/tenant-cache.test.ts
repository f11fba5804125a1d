import { describe, expect, it } from 'vitest';
import { TenantCache } from './tenant-cache.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('TenantCache', () => {
  it('loads once for many concurrent first readers', async () => {
    let loads = 0;
    const cache = new TenantCache(60_000, async (tenant) => {
      loads++;
      await tick();
      return `${tenant}@${loads}`;
    });
    const values = await Promise.all(Array.from({ length: 16 }, () => cache.get('t')));
    expect(loads).toBe(1);
    expect(new Set(values)).toEqual(new Set(['t@1']));
  });

  it('serves the last value while one background refresh runs, then the new one', async () => {
    let loads = 0;
    const cache = new TenantCache(0, async () => {
      await tick();
      return ++loads;
    });
    expect(await cache.get('t')).toBe(1);
    await tick();
    expect(await Promise.all([cache.get('t'), cache.get('t')])).toEqual([1, 1]);
    await tick();
    await tick();
    expect(loads).toBe(2);
    expect(await cache.get('t')).toBe(2);
  });

  it('never stores a load that began before an invalidation, and retries a failed first load', async () => {
    let loads = 0;
    let fail = true;
    const cache = new TenantCache(60_000, async () => {
      await tick();
      if (fail) throw new Error('database down');
      return ++loads;
    });
    await expect(cache.get('t')).rejects.toThrow('database down');
    fail = false;
    const stale = cache.get('t');
    cache.invalidate('t');
    const fresh = cache.get('t');
    expect(await stale).toBe(1);
    expect(await fresh).toBe(2);
    expect(await cache.get('t')).toBe(2);
  });
});
