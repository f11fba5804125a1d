import { InfraError } from './errors.mjs';
import { run } from './processes.mjs';

/**
 * How to run PostgreSQL's server tools. initdb, pg_ctl and postgres refuse to run as root (a
 * superuser-owned server could be used to take over the machine), and CI runs as root: there we
 * run them through `runuser` as an unprivileged system account.
 * @typedef {object} Runner
 * @property {string | undefined} user the account, or undefined when we already are unprivileged
 * @property {number} uid
 * @property {number} gid
 * @property {(command: string, args: string[]) => [string, string[]]} wrap
 */

/** Debian's postgresql package creates `postgres`; on machines without it we create our own. */
const candidateUsers = ['postgres', 'tessera'];

/**
 * @param {(message: string) => void} log
 * @returns {Promise<Runner>}
 */
export async function serverRunner(log) {
  const uid = process.getuid?.() ?? 0;
  if (uid !== 0) {
    return { user: undefined, uid, gid: process.getgid?.() ?? 0, wrap: (command, args) => [command, args] };
  }
  // TESSERA_PG_USER names the account (created when missing); else postgres, else a new tessera.
  const wanted = process.env.TESSERA_PG_USER;
  const existing = wanted ? (await userIds(wanted)) && wanted : await firstExistingUser();
  const user = existing || (await createSystemUser(wanted ?? 'tessera', log));
  const ids = await userIds(user);
  if (!ids) throw new InfraError('PG_USER_MISSING', `the account '${user}' was created but cannot be found`);
  return { user, ...ids, wrap: (command, args) => ['runuser', ['-u', user, '--', command, ...args]] };
}

async function firstExistingUser() {
  for (const user of candidateUsers) {
    if (await userIds(user)) return user;
  }
  return undefined;
}

/**
 * @param {string} user
 * @returns {Promise<{ uid: number, gid: number } | undefined>}
 */
async function userIds(user) {
  const uid = await run('id', ['-u', user]);
  const gid = await run('id', ['-g', user]);
  if (uid.code !== 0 || gid.code !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * @param {string} user
 * @param {(message: string) => void} log
 */
async function createSystemUser(user, log) {
  log(`running as root: creating the unprivileged system account '${user}' for PostgreSQL`);
  const args = ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent'];
  const result = await run('useradd', [...args, '--shell', '/usr/sbin/nologin', user]).catch((error) => ({
    code: -1,
    stderr: String(error),
  }));
  if (result.code !== 0) {
    throw new InfraError('PG_USER_CREATE_FAILED', `could not create the system account '${user}'`, {
      hint: `initdb refuses to run as root; create an account (useradd --system ${user}) or run as a normal user. useradd said: ${result.stderr.trim()}`,
    });
  }
  return user;
}

/**
 * Whether the runner's account can write `dir`, which also proves that every parent folder is
 * traversable for it (a repository under /root is not, for example).
 * @param {Runner} runner
 * @param {string} dir
 */
export async function canWrite(runner, dir) {
  const [command, args] = runner.wrap('test', ['-w', dir, '-a', '-x', dir]);
  return (await run(command, args)).code === 0;
}

/**
 * The runner for an existing cluster: its owner, whoever created it (TESSERA_PG_USER may have
 * changed since).
 * @param {number} ownerUid
 * @returns {Promise<Runner>}
 */
export async function runnerForOwner(ownerUid) {
  const uid = process.getuid?.() ?? 0;
  if (uid !== 0 || ownerUid === 0) {
    return { user: undefined, uid, gid: process.getgid?.() ?? 0, wrap: (command, args) => [command, args] };
  }
  const name = await run('id', ['-nu', String(ownerUid)]);
  const gid = await run('id', ['-g', String(ownerUid)]);
  if (name.code !== 0) {
    throw new InfraError(
      'PG_USER_MISSING',
      `the PostgreSQL data folder belongs to uid ${ownerUid}, which has no account`,
      {
        hint: 'delete .tessera/postgres to start a fresh cluster',
      },
    );
  }
  const user = name.stdout.trim();
  return {
    user,
    uid: ownerUid,
    gid: Number(gid.stdout.trim()),
    wrap: (command, args) => ['runuser', ['-u', user, '--', command, ...args]],
  };
}
