import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli.mjs');

/** @param {string[]} args */
function runCli(args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], (error, stdout, stderr) =>
      resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('cli', () => {
  it('rejects an unknown command with a code and the usage as hint', async () => {
    const result = await runCli(['start']);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toContain("[BAD_USAGE] unknown command 'start'");
    expect(result.stderr).toContain('usage: node infra/local/cli.mjs');
  });

  it('rejects a broker count outside 1..9 before starting anything', async () => {
    const result = await runCli(['up', '--no-postgres', '--brokers', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[BAD_BROKER_COUNT]');
  });
});
