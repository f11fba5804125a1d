#!/usr/bin/env node
// The README's test command. Every suite that touches storage or streaming runs against a real
// PostgreSQL server and a real Kafka broker: the ones named by DATABASE_URL / KAFKA_BROKERS, or,
// when those are unset, private ones that infra/local starts here and stops afterwards.
import { spawn } from 'node:child_process';
import process from 'node:process';

const log = (message) => process.stderr.write(`[test] ${message}\n`);
const extraArgs = process.argv.slice(2);

function run(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main() {
  let started = null;
  const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1' };
  if (!env.DATABASE_URL || !env.KAFKA_BROKERS) {
    const services = await import('../infra/local/services.mjs');
    log('DATABASE_URL/KAFKA_BROKERS not set: starting private PostgreSQL and Kafka (infra/local)');
    const before = await services.status();
    // Stop afterwards only what this run started; services someone else started keep running.
    started = {
      services,
      postgres: !before.databaseUrl && !env.DATABASE_URL,
      kafka: !before.kafkaBrokers && !env.KAFKA_BROKERS,
    };
    const status = await services.up({
      postgres: !env.DATABASE_URL,
      kafka: !env.KAFKA_BROKERS,
      log: (line) => log(`  ${line}`),
    });
    env.DATABASE_URL ||= status.databaseUrl;
    env.KAFKA_BROKERS ||= status.kafkaBrokers;
  }
  log(`PostgreSQL: ${env.DATABASE_URL.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@')}`);
  log(`Kafka:      ${env.KAFKA_BROKERS}`);

  // Apps spawn their built entry points in crash tests, so build first (turbo caches it).
  let code = await run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], env);
  if (code === 0) {
    if (extraArgs.length > 0) {
      code = await run('npx', ['vitest', 'run', ...extraArgs], env);
    } else {
      // The dashboard's browser flows run on their own after everything else: sharing the two
      // cores with the other integration suites made their clicks time out.
      const others = [
        'db',
        'errors',
        'events',
        'experiments',
        'models',
        'pipelines',
        'social',
        'api',
        'stream-worker',
        'trainer',
        'infra',
        'e2e',
      ];
      code = await run(
        'npx',
        ['vitest', 'run', ...others.flatMap((name) => ['--project', `@tessera/${name}`])],
        env,
      );
      const browser = await run('npx', ['vitest', 'run', '--project', '@tessera/dashboard'], env);
      code = code || browser;
    }
  }

  if (started && (started.postgres || started.kafka) && !process.env.TESSERA_KEEP_SERVICES) {
    log('stopping the private services this run started (set TESSERA_KEEP_SERVICES=1 to keep them)');
    await started.services.down({
      postgres: started.postgres,
      kafka: started.kafka,
      log: (line) => log(`  ${line}`),
    });
  }
  log(
    `used PostgreSQL ${env.DATABASE_URL.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@')} and Kafka ${env.KAFKA_BROKERS}`,
  );
  process.exit(code);
}

main().catch((error) => {
  log(error?.describe?.() ?? error?.stack ?? String(error));
  process.exit(1);
});
