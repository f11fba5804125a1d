import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InteractionMatrix } from '../data/interactions.js';
import { repoRoot } from '../data/paths.js';
import { ModelError } from '../errors.js';
import type { Fold } from '../eval/surprise-protocol.js';
import { progress } from './args.js';

/** Private virtualenv for the Python peers; ignored by git (`.tessera/`). */
export const peersVenv = path.join(repoRoot, '.tessera', 'peers-venv');

export interface PeerOutput {
  surpriseVersion?: string;
  surprise?: Record<string, { rmse: number; mae: number; trainSeconds: number; cpuSeconds: number }>;
  implicit?: { version: string } & Record<
    string,
    { trainSeconds: number; cpuSeconds: number; recs: Record<string, string[]> }
  >;
}

/** Creates the virtualenv and installs scikit-surprise and implicit from PyPI when they are missing. */
export function ensurePeersVenv(): string {
  const python = path.join(peersVenv, 'bin', 'python');
  const probe = () =>
    existsSync(python) &&
    spawnSync(python, ['-c', 'import surprise, implicit'], { stdio: 'ignore' }).status === 0;
  if (probe()) return python;
  progress(`installing scikit-surprise and implicit into ${peersVenv} (first run only)`);
  try {
    mkdirSync(path.dirname(peersVenv), { recursive: true });
    if (!existsSync(python)) execFileSync('python3', ['-m', 'venv', peersVenv], { stdio: 'inherit' });
    execFileSync(python, ['-m', 'pip', 'install', '-q', 'numpy', 'scipy', 'scikit-surprise', 'implicit'], {
      stdio: ['ignore', process.stderr, process.stderr],
    });
  } catch (e) {
    throw new ModelError(
      'BACKEND_UNAVAILABLE',
      `could not install the Python peers: ${(e as Error).message}`,
      'run without --peers',
      { cause: e },
    );
  }
  if (!probe())
    throw new ModelError('BACKEND_UNAVAILABLE', 'peers installed but do not import', 'see pip output above');
  return python;
}

function tsv(m: InteractionMatrix, withValues: boolean): string {
  const lines: string[] = [];
  for (let e = 0; e < m.nnz; e++) {
    const row = [m.userIds[m.users[e]], m.itemIds[m.items[e]]];
    if (withValues) row.push(String(m.values[e]));
    lines.push(row.join('\t'));
  }
  return `${lines.join('\n')}\n`;
}

/** Writes our exact folds and split to a temp dir, runs peers.py on them, and returns its JSON. */
export function runPeers(
  folds: Fold[] | undefined,
  split: { train: InteractionMatrix; valid: InteractionMatrix; test: InteractionMatrix } | undefined,
  params: Record<string, unknown>,
): PeerOutput {
  const python = ensurePeersVenv();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tessera-peers-'));
  try {
    if (folds) {
      mkdirSync(path.join(dir, 'surprise'));
      folds.forEach((f, k) => {
        writeFileSync(path.join(dir, 'surprise', `fold${k}.train.tsv`), tsv(f.train, true));
        writeFileSync(path.join(dir, 'surprise', `fold${k}.test.tsv`), tsv(f.test, true));
      });
    }
    if (split) {
      mkdirSync(path.join(dir, 'recbole'));
      for (const part of ['train', 'valid', 'test'] as const) {
        writeFileSync(path.join(dir, 'recbole', `${part}.tsv`), tsv(split[part], false));
      }
    }
    writeFileSync(
      path.join(dir, 'manifest.json'),
      JSON.stringify({ surpriseFolds: folds?.length ?? 0, recbole: Boolean(split), params }),
    );
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'peers.py');
    const res = spawnSync(python, [script, dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 256 * 1024 * 1024,
    });
    if (res.status !== 0) throw new ModelError('BACKEND_UNAVAILABLE', `peers.py exited with ${res.status}`);
    return JSON.parse(res.stdout) as PeerOutput;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
