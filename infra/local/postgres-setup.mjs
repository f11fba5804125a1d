import { appendFile, chmod, chown, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { InfraError } from './errors.mjs';
import { loopback } from './net.mjs';
import { run } from './processes.mjs';
import { canWrite, serverRunner } from './unprivileged.mjs';

/**
 * initdb's a new cluster whose superuser is `tessera`, trusted on loopback only (a private
 * development server, listening on 127.0.0.1 with no Unix socket).
 * @param {{ inRepo: string, outside: string }} dirs
 * @param {string} bindir
 * @param {string} version
 * @param {(message: string) => void} log
 * @returns {Promise<string>} the cluster folder
 */
export async function initialiseCluster(dirs, bindir, version, log) {
  const runner = await serverRunner(log);
  let clusterDir = dirs.inRepo;
  await prepareDir(clusterDir, runner);
  if (runner.user && !(await canWrite(runner, clusterDir))) {
    clusterDir = dirs.outside;
    log(
      `postgres: '${runner.user}' cannot reach ${dirs.inRepo} (a parent folder is private); using ${clusterDir}`,
    );
    await prepareDir(clusterDir, runner);
  }
  const dataDir = path.join(clusterDir, 'data');
  log(`postgres: initdb of a new PostgreSQL ${version} cluster in ${dataDir}`);
  const initdbArgs = [
    '-D',
    dataDir,
    '-U',
    'tessera',
    '--auth=trust',
    '--encoding=UTF8',
    '--no-locale',
    '--no-sync',
  ];
  const [command, args] = runner.wrap(path.join(bindir, 'initdb'), initdbArgs);
  const result = await run(command, args);
  if (result.code !== 0) {
    throw new InfraError('POSTGRES_INITDB_FAILED', `initdb failed: ${result.stderr.trim()}`, {
      hint: `delete ${clusterDir} and run up again; initdb said:\n${result.stdout.slice(-2000)}`,
    });
  }
  // Per-start settings (the port) live in their own file so that postgresql.conf stays initdb's.
  await appendFile(path.join(dataDir, 'postgresql.conf'), "\ninclude_if_exists = 'tessera.conf'\n");
  return clusterDir;
}

/**
 * @param {string} dir
 * @param {import('./unprivileged.mjs').Runner} runner
 */
async function prepareDir(dir, runner) {
  await mkdir(dir, { recursive: true });
  await chown(dir, runner.uid, runner.gid);
  await chmod(dir, 0o700);
}

/**
 * Creates the `tessera` database on first start (initdb only makes `postgres` and the templates).
 * @param {string} bindir
 * @param {number} port
 */
export async function ensureDatabase(bindir, port) {
  const adminUrl = `postgres://tessera@${loopback}:${port}/postgres`;
  const exists = await psql(bindir, adminUrl, "SELECT 1 FROM pg_database WHERE datname = 'tessera'");
  if (exists.trim() !== '1') await psql(bindir, adminUrl, 'CREATE DATABASE tessera');
}

/**
 * Runs one SQL command with the cluster's own psql and returns its unaligned, tuples-only output.
 * @param {string} bindir
 * @param {string} url
 * @param {string} sql
 * @returns {Promise<string>}
 */
export async function psql(bindir, url, sql) {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', PGCONNECT_TIMEOUT: '10' };
  const args = ['--no-psqlrc', '-v', 'ON_ERROR_STOP=1', '-tA', '-d', url, '-c', sql];
  const result = await run(path.join(bindir, 'psql'), args, { env });
  if (result.code !== 0) {
    throw new InfraError('POSTGRES_QUERY_FAILED', `psql failed on ${url}: ${result.stderr.trim()}`, {
      hint: 'check that the server runs: node infra/local/cli.mjs status',
    });
  }
  return result.stdout;
}
