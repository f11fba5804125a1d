import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InfraError } from './errors.mjs';
import { findPostgresBinaries } from './postgres-binaries.mjs';

const empty = await mkdtemp(path.join(os.tmpdir(), 'tessera-no-pg-'));
afterAll(() => rm(empty, { recursive: true, force: true }));

/**
 * A folder of stand-in server tools that report PostgreSQL `version`: enough for the lookup, which
 * only checks that the tools exist and asks `postgres --version`.
 * @param {string} version
 */
async function fakeBindir(version) {
  const dir = path.join(empty, `fake-${version}`, 'bin');
  await mkdir(dir, { recursive: true });
  for (const tool of ['initdb', 'pg_ctl', 'postgres', 'psql']) {
    await writeFile(path.join(dir, tool), `#!/bin/sh\necho "${tool} (PostgreSQL) ${version}"\n`);
    await chmod(path.join(dir, tool), 0o755);
  }
  return dir;
}

describe('findPostgresBinaries', () => {
  it('takes TESSERA_PG_BINDIR first, but the major version of an existing cluster over it', async () => {
    const newer = await fakeBindir('99.1');
    const debianRoot = path.join(empty, 'debian');
    await mkdir(debianRoot, { recursive: true });
    await rename(path.dirname(await fakeBindir('15.2')), path.join(debianRoot, '15'));
    const where = { env: { PATH: empty, TESSERA_PG_BINDIR: newer }, debianRoot };
    await expect(findPostgresBinaries(where)).resolves.toEqual({ bindir: newer, version: '99.1' });
    await expect(findPostgresBinaries({ ...where, major: '15' })).resolves.toEqual({
      bindir: path.join(debianRoot, '15', 'bin'),
      version: '15.2',
    });
    // No binaries of the wanted major: the first ones found, and pg_ctl will say what is wrong.
    await expect(findPostgresBinaries({ ...where, major: '12' })).resolves.toMatchObject({ version: '99.1' });
  });

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
