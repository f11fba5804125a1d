#!/usr/bin/env node
// `next build`, skipped when the sources are unchanged since the last build: the end-to-end
// tests and turbo call this, and a Next.js build costs minutes on a small machine.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const dashboardRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = path.join(dashboardRoot, '.next', 'tessera-source-hash');
const inputs = ['src', 'public', 'next.config.mjs', 'package.json', 'tsconfig.json'];

function* files(entry) {
  if (!existsSync(entry)) return;
  if (statSync(entry).isDirectory()) {
    for (const name of readdirSync(entry).sort()) yield* files(path.join(entry, name));
  } else if (!/\.test\.tsx?$/.test(entry)) yield entry;
}

export function sourceHash() {
  const hash = createHash('sha256');
  for (const input of inputs) {
    for (const file of files(path.join(dashboardRoot, input))) {
      hash.update(path.relative(dashboardRoot, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex');
}

/** Builds unless `.next` already holds a build of exactly these sources. Returns whether it built. */
export async function buildDashboard({
  force = false,
  log = (line) => process.stderr.write(`${line}\n`),
} = {}) {
  const hash = sourceHash();
  if (!force && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) {
    log('[dashboard] build is up to date with the sources');
    return false;
  }
  log('[dashboard] next build …');
  const nextBin = path.join(
    path.dirname(fileURLToPath(import.meta.resolve('next/package.json'))),
    'dist/bin/next',
  );
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [nextBin, 'build'], {
      cwd: dashboardRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (exitCode) => {
      if (exitCode !== 0) log(output);
      resolve(exitCode ?? 1);
    });
  });
  if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
  writeFileSync(stampFile, hash);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildDashboard({ force: process.argv.includes('--force') }).catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
