import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_NODE_FLAGS } from './node-flags.js';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('API_NODE_FLAGS', () => {
  it('are the flags the API is started with in this package and in the Kubernetes manifest', () => {
    const start = (JSON.parse(read('../package.json')) as { scripts: Record<string, string> }).scripts.start;
    expect(start).toBe(`node ${API_NODE_FLAGS.join(' ')} dist/main.js`);
    // The manifest's container command, a YAML block sequence of plain words.
    const command = /command:\n((?: +- .+\n)+)/.exec(read('../../../infra/k8s/api.yaml'))?.[1];
    expect(
      command
        ?.trim()
        .split(/\n +- |^- /)
        .filter(Boolean),
    ).toEqual(['node', ...API_NODE_FLAGS, 'apps/api/dist/main.js']);
  });
});
