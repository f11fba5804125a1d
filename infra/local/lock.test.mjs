import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withLock } from './lock.mjs';

const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-lock-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('withLock', () => {
  it('runs overlapping tasks one after the other', async () => {
    const lockFile = path.join(dir, 'serial.lock');
    /** @type {string[]} */
    const events = [];
    const task = (/** @type {string} */ name) =>
      withLock(lockFile, async () => {
        events.push(`${name}:start`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        events.push(`${name}:end`);
      });
    await Promise.all([task('a'), task('b')]);
    // Mutual exclusion, not FIFO: whichever wins runs to its end before the other starts.
    const first = events[0]?.split(':')[0];
    const second = first === 'a' ? 'b' : 'a';
    expect(events).toEqual([`${first}:start`, `${first}:end`, `${second}:start`, `${second}:end`]);
  });

  it('takes over a lock whose owner process is gone', async () => {
    const lockFile = path.join(dir, 'stale.lock');
    // pid_max on Linux is at most 2^22, so this pid cannot exist.
    await writeFile(lockFile, '99999999');
    await expect(withLock(lockFile, async () => 'ran', { timeoutMs: 2000 })).resolves.toBe('ran');
  });
});
