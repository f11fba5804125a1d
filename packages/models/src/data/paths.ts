import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file (packages/models/src/data). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** MovieLens 100K, shared outside the repository and never copied into it. */
export const ml100kDir = path.resolve(repoRoot, '../shared/datasets/ml-100k');
