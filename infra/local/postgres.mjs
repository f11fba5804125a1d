import { createHash } from 'node:crypto';
import { appendFile, chown, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InfraError } from './errors.mjs';
import { freePorts, loopback } from './net.mjs';
import { repoRoot } from './paths.mjs';
import { findPostgresBinaries } from './postgres-binaries.mjs';
import { ensureDatabase, initialiseCluster, psql } from './postgres-setup.mjs';
import { commandLine, isAlive, run } from './processes.mjs';
import { runnerForOwner } from './unprivileged.mjs';

/** The cluster's superuser and database; the URL needs no password (trust on loopback only). */
export const pgUser = 'tessera';
export const pgDatabase = 'tessera';

/**
 * @typedef {object} PostgresStatus
 * @property {boolean} running
 * @property {string} [url] postgres://tessera@127.0.0.1:PORT/tessera
 * @property {number} [port]
 * @property {number} [pid] the postmaster
 * @property {string} [version] of the binaries in use (known after a start)
 * @property {string} [major] the cluster's major version (data/PG_VERSION)
 * @property {string} [bindir]
 * @property {string} [osUser] the account the server runs as, when started by root
 * @property {string} clusterDir holds `data/` (and `postgres.log` when outside the repository)
 * @property {string} logFile
 */

/**
 * Where the cluster lives: `<repo>/.tessera/postgres`, unless we are root and the server's account
 * cannot reach the repository (e.g. a clone under /root, mode 700); then a folder under /var/tmp
 * named after the repository path.
 * @param {import('./paths.mjs').StateLayout} layout
 */
export function clusterDirs(layout) {
  const tag = createHash('sha1').update(repoRoot).digest('hex').slice(0, 12);
  return { inRepo: layout.postgres, outside: path.join('/var/tmp', `tessera-${tag}`, 'postgres') };
}

/**
 * @param {import('./paths.mjs').StateLayout} layout
 * @param {string} clusterDir
 */
function logFileFor(layout, clusterDir) {
  return clusterDir === layout.postgres
    ? path.join(layout.logs, 'postgres.log')
    : path.join(clusterDir, 'postgres.log');
}

/**
 * The initialised cluster, if any, and whether its server runs. Reads postmaster.pid directly, so it
 * needs neither pg_ctl (which refuses root) nor the binaries.
 * @param {import('./paths.mjs').StateLayout} layout
 * @returns {Promise<PostgresStatus>}
 */
export async function postgresStatus(layout) {
  const dirs = clusterDirs(layout);
  let clusterDir = dirs.inRepo;
  if (!(await isInitialised(dirs.inRepo)) && (await isInitialised(dirs.outside))) clusterDir = dirs.outside;
  const major = (await readFile(path.join(clusterDir, 'data', 'PG_VERSION'), 'utf8').catch(() => '')).trim();
  const base = {
    running: false,
    clusterDir,
    logFile: logFileFor(layout, clusterDir),
    ...(major ? { major } : {}),
  };
  const pidFile = await readFile(path.join(clusterDir, 'data', 'postmaster.pid'), 'utf8').catch(() => '');
  // postmaster.pid lines: pid, data dir, start time, port, socket dir, listen address, shm key, status.
  const [pidLine, , , portLine] = pidFile.split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!pid || !port || !isAlive(pid) || !/postgres/.test(commandLine(pid))) return base;
  return { ...base, running: true, pid, port, url: `postgres://${pgUser}@${loopback}:${port}/${pgDatabase}` };
}

/** @param {string} clusterDir */
async function isInitialised(clusterDir) {
  return stat(path.join(clusterDir, 'data', 'PG_VERSION')).then(
    () => true,
    () => false,
  );
}

/**
 * Starts the private cluster (initialising it on first use) and returns once it answers queries.
 * @param {import('./paths.mjs').StateLayout} layout
 * @param {(message: string) => void} log
 * @returns {Promise<PostgresStatus>}
 */
export async function startPostgres(layout, log) {
  const current = await postgresStatus(layout);
  const { bindir, version } = await findPostgresBinaries({ major: current.major });
  if (current.running) {
    log(`postgres: already running on port ${current.port} (pid ${current.pid})`);
    return { ...current, version, bindir };
  }
  const clusterDir = (await isInitialised(current.clusterDir))
    ? current.clusterDir
    : await initialiseCluster(clusterDirs(layout), bindir, version, log);
  const dataDir = path.join(clusterDir, 'data');
  const runner = await runnerForOwner((await stat(dataDir)).uid);
  const logFile = logFileFor(layout, clusterDir);
  await mkdir(path.dirname(logFile), { recursive: true });
  await appendFile(logFile, '');
  await chown(logFile, runner.uid, runner.gid);
  const previousPort = Number(
    /port = (\d+)/.exec(await readFile(confFile(dataDir), 'utf8').catch(() => ''))?.[1],
  );
  // A free port can be taken between our check and the server's bind: then once more on a new one.
  for (const attempt of [1, 2]) {
    const [port = 0] = await freePorts(1, [attempt === 1 && previousPort ? previousPort : undefined]);
    await writeFile(confFile(dataDir), serverSettings(port));
    await chown(confFile(dataDir), runner.uid, runner.gid);
    const as = runner.user ? ` as '${runner.user}'` : '';
    log(`postgres: starting PostgreSQL ${version} on ${loopback}:${port}${as}`);
    const pgCtl = ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '90', '-s'];
    const [command, args] = runner.wrap(path.join(bindir, 'pg_ctl'), pgCtl);
    const started = await run(command, args);
    if (started.code === 0) break;
    const tail = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-15).join('\n');
    if (attempt === 1 && /could not bind|Address already in use/.test(tail)) continue;
    throw new InfraError('POSTGRES_START_FAILED', `pg_ctl start failed: ${started.stderr.trim()}`, {
      hint: `see ${logFile}; its last lines:\n${tail}`,
    });
  }
  const status = await postgresStatus(layout);
  if (!status.url || !status.port) {
    throw new InfraError('POSTGRES_START_FAILED', 'pg_ctl reported success but no server runs');
  }
  await ensureDatabase(bindir, status.port);
  return { ...status, version, bindir, osUser: runner.user };
}

/** @param {string} dataDir */
const confFile = (dataDir) => path.join(dataDir, 'tessera.conf');

/**
 * Settings for tests on a small machine: loopback only, no Unix socket (its default folder,
 * /var/run/postgresql, needs Debian's postgresql-common), room for many pooled test clients.
 * @param {number} port
 */
function serverSettings(port) {
  return [
    '# Written by infra/local/postgres.mjs at every start; edits are overwritten.',
    `port = ${port}`,
    `listen_addresses = '${loopback}'`,
    "unix_socket_directories = ''",
    'max_connections = 200',
    "shared_buffers = '512MB'",
    // Ingest rewrites feature rows all over the tables. With the default 1 GB max_wal_size every
    // checkpoint was WAL-triggered (624 of 624 on the dev server), and full-page images after each
    // were ~96% of all WAL bytes: fewer checkpoints and lz4-compressed page images cut that.
    "max_wal_size = '4GB'",
    "min_wal_size = '512MB'",
    "checkpoint_timeout = '15min'",
    'wal_compression = lz4',
    "wal_buffers = '16MB'",
    // Partitioned tables lock every partition they touch; the default of 64 runs out in migrations.
    'max_locks_per_transaction = 128',
    "log_line_prefix = '%m [%p] %q%u@%d '",
    "timezone = 'UTC'",
    '',
  ].join('\n');
}

/**
 * Stops the server with a fast shutdown (rolls back open transactions, then a clean checkpoint);
 * escalates to an immediate shutdown if that does not finish in a minute.
 * @param {import('./paths.mjs').StateLayout} layout
 * @param {(message: string) => void} log
 * @returns {Promise<'stopped' | 'not-running'>}
 */
export async function stopPostgres(layout, log) {
  const status = await postgresStatus(layout);
  if (!status.running) return 'not-running';
  const { bindir } = await findPostgresBinaries({ major: status.major });
  const dataDir = path.join(status.clusterDir, 'data');
  const runner = await runnerForOwner((await stat(dataDir)).uid);
  log(`postgres: stopping (pid ${status.pid})`);
  for (const mode of ['fast', 'immediate']) {
    const [command, args] = runner.wrap(path.join(bindir, 'pg_ctl'), [
      'stop',
      '-D',
      dataDir,
      '-m',
      mode,
      '-w',
      '-t',
      '60',
      '-s',
    ]);
    if ((await run(command, args)).code === 0) return 'stopped';
  }
  throw new InfraError('POSTGRES_STOP_FAILED', `pg_ctl stop failed for ${dataDir}`, {
    hint: `see ${status.logFile}`,
  });
}

/**
 * Runs one SQL command against a server URL with the local psql (tests and the test runner use it
 * to show which server they talk to).
 * @param {string} url
 * @param {string} sql
 */
export async function queryPostgres(url, sql) {
  const { bindir } = await findPostgresBinaries();
  return (await psql(bindir, url, sql)).trim();
}
