import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file lives in <root>/infra/local. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Where the private services keep their state. Everything here is disposable (`down`, then delete
 * the folder to start from scratch) and ignored by git.
 * @param {string} [root]
 */
export function stateLayout(root = repoRoot) {
  const state = path.join(root, '.tessera');
  return {
    state,
    logs: path.join(state, 'logs'),
    postgres: path.join(state, 'postgres'),
    kafka: path.join(state, 'kafka'),
    lockFile: path.join(state, 'services.lock'),
    servicesJson: path.join(state, 'services.json'),
    servicesEnv: path.join(state, 'services.env'),
  };
}

/** @typedef {ReturnType<typeof stateLayout>} StateLayout */

/**
 * The per-user cache for downloaded jars: outside the repository so that a fresh clone (or
 * `rm -rf .tessera`) does not download 44 MB again.
 * @returns {string}
 */
export function cacheRoot() {
  const xdg = process.env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache'), 'tessera');
}
