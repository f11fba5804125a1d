import { access, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { InfraError } from './errors.mjs';
import { run } from './processes.mjs';

/** The server tools a private cluster needs; psql and pg_isready are in the same folder. */
const required = ['initdb', 'pg_ctl', 'postgres', 'psql'];

/**
 * Finds PostgreSQL's server binaries, in this order: $TESSERA_PG_BINDIR, `pg_config --bindir`,
 * the highest /usr/lib/postgresql/<major>/bin (Debian's layout, which keeps them off PATH), and
 * the folder of `initdb` on PATH. An existing cluster can only be run by its own major version, so
 * binaries of `major` win over the order above when several versions are installed.
 * @param {{ env?: NodeJS.ProcessEnv, debianRoot?: string, major?: string }} [where] where to look
 *   (tests narrow it) and the major version wanted
 * @returns {Promise<{ bindir: string, version: string }>}
 */
export async function findPostgresBinaries({
  env = process.env,
  debianRoot = '/usr/lib/postgresql',
  major,
} = {}) {
  /** @type {Array<{ bindir: string, version: string }>} */
  const found = [];
  for (const candidate of await candidateDirs(env, debianRoot)) {
    if (await hasAll(candidate)) {
      const version = await run(path.join(candidate, 'postgres'), ['--version']).catch(() => undefined);
      const match = /\(PostgreSQL\)\s+(\S+)/.exec(version?.stdout ?? '');
      if (match?.[1]) found.push({ bindir: candidate, version: match[1] });
      if (match?.[1] && (!major || match[1].split('.')[0] === major))
        return { bindir: candidate, version: match[1] };
    }
  }
  if (found[0]) return found[0];
  throw new InfraError(
    'POSTGRES_NOT_FOUND',
    'no PostgreSQL server binaries (initdb, pg_ctl, postgres) found',
    {
      hint:
        'install them: `apt-get install postgresql` on Debian/Ubuntu (or `brew install postgresql@15` on macOS),' +
        ' or point TESSERA_PG_BINDIR at the folder holding initdb',
    },
  );
}

/**
 * @param {NodeJS.ProcessEnv} env
 * @param {string} debianRoot
 */
async function candidateDirs(env, debianRoot) {
  /** @type {string[]} */
  const dirs = [];
  if (env.TESSERA_PG_BINDIR) dirs.push(env.TESSERA_PG_BINDIR);
  const fromPgConfig = await run('pg_config', ['--bindir'], { env }).catch(() => undefined);
  if (fromPgConfig?.code === 0) dirs.push(fromPgConfig.stdout.trim());
  dirs.push(...(await debianBinDirs(debianRoot)));
  for (const entry of (env.PATH ?? '').split(path.delimiter)) {
    if (!entry) continue;
    const initdb = path.join(entry, 'initdb');
    // Debian's /usr/bin tools are wrapper scripts; the real binaries sit beside the link's target.
    const resolved = await realpath(initdb).catch(() => undefined);
    if (resolved) dirs.push(path.dirname(resolved));
  }
  return [...new Set(dirs)];
}

/**
 * <root>/<major>/bin, highest major first.
 * @param {string} root
 */
async function debianBinDirs(root) {
  const majors = await readdir(root).catch(() => /** @type {string[]} */ ([]));
  return majors
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    .map((major) => path.join(root, major, 'bin'));
}

/** @param {string} dir */
async function hasAll(dir) {
  for (const name of required) {
    try {
      await access(path.join(dir, name));
    } catch {
      return false;
    }
  }
  return true;
}
