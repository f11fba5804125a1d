import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_NODE_FLAGS } from './node-flags.js';

describe('API_NODE_FLAGS', () => {
  it('are the flags of npm start (e2e checks the Kubernetes manifest)', () => {
    const { scripts } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.start).toBe(`node ${API_NODE_FLAGS.join(' ')} dist/main.js`);
  });
});
