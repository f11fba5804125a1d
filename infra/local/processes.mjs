import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Runs a command to completion and collects its output.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, input?: string }} [options]
 * @returns {Promise<{ code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string }>}
 */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/**
 * @param {number} pid
 * @returns {boolean} whether a process with this id exists (zombies included)
 */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

/**
 * @param {number} pid
 * @returns {boolean} whether the process exists and has not exited (a zombie waiting to be reaped has)
 */
export function isRunning(pid) {
  return isAlive(pid) && !isZombie(pid);
}

/**
 * The command line of a live process, or '' when it is gone. Used to make sure a pid read from a
 * pid file still belongs to our service and was not recycled by the kernel for something else.
 * @param {number} pid
 * @returns {string}
 */
export function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/**
 * SIGTERM, wait up to `graceMs`, then SIGKILL and wait for the process to disappear.
 * @param {number} pid
 * @param {{ graceMs: number }} options
 * @returns {Promise<'stopped' | 'killed' | 'not-running'>}
 */
export async function terminate(pid, { graceMs }) {
  if (!signal(pid, 'SIGTERM')) return 'not-running';
  if (await exited(pid, graceMs)) return 'stopped';
  signal(pid, 'SIGKILL');
  await exited(pid, 10_000);
  return 'killed';
}

/**
 * @param {number} pid
 * @param {NodeJS.Signals} name
 */
function signal(pid, name) {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

/**
 * @param {number} pid
 * @param {number} timeoutMs
 */
async function exited(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isAlive(pid);
}

/** A detached child that exited but was not reaped by its (gone) parent still answers kill(0). */
function isZombie(/** @type {number} */ pid) {
  try {
    return /\)\s+Z\s/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
