import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STREAM_WORKER_NODE_FLAGS } from './node-flags.js';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('STREAM_WORKER_NODE_FLAGS', () => {
  it('are the flags of npm start, bench:ingest and the Kubernetes manifest', () => {
    const { scripts } = JSON.parse(read('../package.json')) as { scripts: Record<string, string> };
    const flags = STREAM_WORKER_NODE_FLAGS.join(' ');
    expect(scripts.start).toBe(`node ${flags} dist/main.js`);
    expect(scripts['bench:ingest']).toMatch(new RegExp(`^node ${flags} `));
    // The manifest's container command, a YAML block sequence of plain words.
    const command = /command:\n((?: +- .+\n)+)/.exec(read('../../../infra/k8s/stream-worker.yaml'))?.[1];
    expect(
      command
        ?.trim()
        .split(/\n +- |^- /)
        .filter(Boolean),
    ).toEqual(['node', ...STREAM_WORKER_NODE_FLAGS, 'apps/stream-worker/dist/main.js']);
  });
});
