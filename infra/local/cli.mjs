#!/usr/bin/env node
/**
 * node infra/local/cli.mjs up [--no-postgres] [--no-kafka] [--brokers N]
 * node infra/local/cli.mjs down [--no-postgres] [--no-kafka]
 * node infra/local/cli.mjs status   (JSON)
 * node infra/local/cli.mjs env      (`export DATABASE_URL=… KAFKA_BROKERS=…`, for eval)
 *
 * Progress goes to stderr; stdout carries only the result, so `eval "$(… up)"` works.
 */
import { parseArgs } from 'node:util';
import { describeError, InfraError } from './errors.mjs';
import { createLog } from './progress.mjs';
import { down, shellExports, status, up } from './services.mjs';

const usage = `usage: node infra/local/cli.mjs <up|down|status|env> [options]
  up       start private PostgreSQL and Kafka (idempotent), print export lines
  down     stop them (idempotent)
  status   print what runs, as JSON
  env      print export lines for what runs
options:
  --no-postgres    leave PostgreSQL alone
  --no-kafka       leave Kafka alone
  --brokers N      Kafka nodes (each broker + KRaft controller), default 1`;

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      'no-postgres': { type: 'boolean', default: false },
      'no-kafka': { type: 'boolean', default: false },
      brokers: { type: 'string', default: '1' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...extra] = positionals;
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  if (!command || extra.length > 0)
    throw new InfraError('BAD_USAGE', 'expected one command', { hint: usage });
  const brokers = Number(values.brokers);
  const selection = { postgres: !values['no-postgres'], kafka: !values['no-kafka'] };
  const log = createLog();
  switch (command) {
    case 'up': {
      const started = await up({ ...selection, brokers, log });
      log(`ready: ${[started.databaseUrl, started.kafkaBrokers].filter(Boolean).join('  ')}`);
      process.stdout.write(`${shellExports(started)}\n`);
      return;
    }
    case 'down': {
      await down({ ...selection, log });
      log('stopped');
      return;
    }
    case 'status':
      process.stdout.write(`${JSON.stringify(await status(), null, 2)}\n`);
      return;
    case 'env': {
      const exports = shellExports(await status());
      if (exports) process.stdout.write(`${exports}\n`);
      else log('nothing runs: start the services with `node infra/local/cli.mjs up`');
      return;
    }
    default:
      throw new InfraError('BAD_USAGE', `unknown command '${command}'`, { hint: usage });
  }
}

main().catch((error) => {
  process.stderr.write(`${describeError(error)}\n`);
  process.exitCode = 1;
});
