import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { InfraError } from './errors.mjs';
import { isAlive } from './processes.mjs';

/**
 * Serialises `up`/`down` across processes (two test runners starting at once would otherwise both
 * run initdb on the same folder). The lock file holds the owner's pid, so a lock left by a crashed
 * process is recognised and taken over.
 * @template T
 * @param {string} lockFile
 * @param {() => Promise<T>} task
 * @param {{ timeoutMs?: number, log?: (message: string) => void }} [options]
 * @returns {Promise<T>}
 */
export async function withLock(lockFile, task, { timeoutMs = 600_000, log } = {}) {
  await mkdir(path.dirname(lockFile), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
    }
    const owner = Number.parseInt(await readFile(lockFile, 'utf8').catch(() => ''), 10);
    if (!Number.isInteger(owner) || !isAlive(owner)) {
      await rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new InfraError(
        'SERVICES_LOCKED',
        `another process (pid ${owner}) is starting or stopping services`,
        {
          hint: `wait for it to finish, or remove ${lockFile} if pid ${owner} is not a Tessera process`,
        },
      );
    }
    if (!announced) log?.(`waiting for pid ${owner}, which holds ${lockFile}`);
    announced = true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  try {
    return await task();
  } finally {
    await rm(lockFile, { force: true });
  }
}
