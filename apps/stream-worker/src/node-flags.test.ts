import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STREAM_WORKER_NODE_FLAGS } from './node-flags.js';

describe('STREAM_WORKER_NODE_FLAGS', () => {
  it('are the flags of npm start and bench:ingest (e2e checks the Kubernetes manifest)', () => {
    const { scripts } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const flags = STREAM_WORKER_NODE_FLAGS.join(' ');
    expect(scripts.start).toBe(`node ${flags} dist/main.js`);
    expect(scripts['bench:ingest']).toMatch(new RegExp(`^node ${flags} `));
  });
});
