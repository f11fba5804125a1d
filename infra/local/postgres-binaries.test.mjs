import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InfraError } from './errors.mjs';
import { findPostgresBinaries } from './postgres-binaries.mjs';

const empty = await mkdtemp(path.join(os.tmpdir(), 'tessera-no-pg-'));
afterAll(() => rm(empty, { recursive: true, force: true }));

describe('findPostgresBinaries', () => {
  it('names the Debian package when no server binaries exist anywhere it looks', async () => {
    const search = findPostgresBinaries({
      env: { PATH: empty, TESSERA_PG_BINDIR: empty },
      debianRoot: empty,
    });
    await expect(search).rejects.toBeInstanceOf(InfraError);
    await expect(search).rejects.toMatchObject({ code: 'POSTGRES_NOT_FOUND' });
    await expect(search).rejects.toHaveProperty(
      'hint',
      expect.stringContaining('apt-get install postgresql'),
    );
  });

  it('finds the binaries this machine has and reports their version', async () => {
    const found = await findPostgresBinaries().catch(() => undefined);
    if (!found) {
      console.info('postgres-binaries: no PostgreSQL on this machine, so the positive lookup did not run');
      return;
    }
    expect(path.isAbsolute(found.bindir)).toBe(true);
    expect(found.version).toMatch(/^\d+(\.\d+)?/);
  });
});
