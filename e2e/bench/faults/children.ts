/**
 * The stream-workers and the API as real child processes running their own entry points, so a
 * SIGKILL is a real one: no `finally`, no offset commit, no graceful disconnect.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { repoRoot } from './services.js';

export interface Child {
  name: string;
  process: ChildProcess;
  startedAt: number;
  /** Set when the harness itself killed or stopped it, so an exit is not counted as a crash. */
  expectedExit: boolean;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function spawnApp(
  name: string,
  app: 'api' | 'stream-worker',
  env: Record<string, string>,
  logDir: string,
  onUnexpectedExit: (child: Child, code: number | null, signal: NodeJS.Signals | null) => void,
): Promise<Child> {
  await mkdir(logDir, { recursive: true });
  const out = openSync(path.join(logDir, `${name}.log`), 'a');
  const process_ = spawn(
    process.execPath,
    ['--conditions=@tessera/source', '--import', 'tsx', 'src/main.ts'],
    {
      cwd: path.join(repoRoot, 'apps', app),
      env: { ...process.env, ...env },
      stdio: ['ignore', out, out],
    },
  );
  const child: Child = {
    name,
    process: process_,
    startedAt: Date.now(),
    expectedExit: false,
    exited: new Promise((resolve) =>
      process_.once('exit', (code, signal) => {
        if (!child.expectedExit) onUnexpectedExit(child, code, signal);
        resolve({ code, signal });
      }),
    ),
  };
  return child;
}

export async function kill(child: Child, signal: NodeJS.Signals) {
  child.expectedExit = true;
  if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill(signal);
  return child.exited;
}

/** SIGTERM, then SIGKILL after the grace period. */
export async function stop(child: Child, graceMs = 20_000) {
  const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
  const result = await kill(child, 'SIGTERM');
  clearTimeout(timer);
  return result;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
