/**
 * Private PostgreSQL and Kafka for development and tests, without Docker. The public module of
 * infra/local; `cli.mjs` is its command line. State lives in `<repo>/.tessera` (gitignored), jars in
 * `~/.cache/tessera`.
 */
import { rm, writeFile } from 'node:fs/promises';
import { InfraError } from './errors.mjs';
import { kafkaStatus, startKafka, stopKafka } from './kafka.mjs';
import { withLock } from './lock.mjs';
import { stateLayout } from './paths.mjs';
import { postgresStatus, startPostgres, stopPostgres } from './postgres.mjs';
import { silentLog } from './progress.mjs';

export { fetchClusterMetadata } from './kafka-protocol.mjs';
export { kafkaClasspath, kafkaToolCommand, runKafkaTool } from './kafka-tools.mjs';
export { queryPostgres } from './postgres.mjs';
export { InfraError };

/**
 * @typedef {object} UpOptions
 * @property {boolean} [postgres] start PostgreSQL (default true)
 * @property {boolean} [kafka] start Kafka (default true)
 * @property {number} [brokers] Kafka nodes, each a broker and a KRaft controller (default 1)
 * @property {(message: string) => void} [log] progress lines (default: none)
 * @property {string} [root] repository root (default: this checkout)
 *
 * @typedef {object} ServicesStatus
 * @property {string | undefined} databaseUrl DATABASE_URL, when PostgreSQL runs
 * @property {string | undefined} kafkaBrokers KAFKA_BROKERS, when a Kafka node runs (`kafka.running`: all do)
 * @property {import('./postgres.mjs').PostgresStatus} postgres
 * @property {import('./kafka.mjs').KafkaStatus} kafka
 */

/**
 * Starts what is asked for and not yet running, waits until it answers, and records the URLs in
 * `.tessera/services.env` and `.tessera/services.json`. Calling it again is cheap and changes nothing.
 * @param {UpOptions} [options]
 * @returns {Promise<ServicesStatus>}
 */
export async function up(options = {}) {
  const { postgres = true, kafka = true, brokers = 1, log = silentLog } = options;
  if (!Number.isInteger(brokers) || brokers < 1 || brokers > 9) {
    throw new InfraError('BAD_BROKER_COUNT', `brokers must be 1..9, got ${brokers}`, {
      hint: 'use --brokers 1 (default) or --brokers 3 for a replicated cluster',
    });
  }
  const layout = stateLayout(options.root);
  return withLock(
    layout.lockFile,
    async () => {
      // One after the other: both starts are CPU-bound and the machine may have 2 cores.
      if (postgres) await startPostgres(layout, log);
      if (kafka) await startKafka(layout, { size: brokers, log });
      const current = await readStatus(layout);
      await record(layout, current);
      return current;
    },
    { log },
  );
}

/**
 * Stops what runs (both by default) and removes the recorded URLs. Safe to call when nothing runs.
 * @param {{ postgres?: boolean, kafka?: boolean, log?: (message: string) => void, root?: string }} [options]
 * @returns {Promise<ServicesStatus>}
 */
export async function down(options = {}) {
  const { postgres = true, kafka = true, log = silentLog } = options;
  const layout = stateLayout(options.root);
  return withLock(
    layout.lockFile,
    async () => {
      if (kafka) await stopKafka(layout, log);
      if (postgres) await stopPostgres(layout, log);
      const current = await readStatus(layout);
      await record(layout, current);
      return current;
    },
    { log },
  );
}

/**
 * What runs now, from pid files checked against live processes (no network calls).
 * @param {{ root?: string }} [options]
 * @returns {Promise<ServicesStatus>}
 */
export async function status(options = {}) {
  return readStatus(stateLayout(options.root));
}

/**
 * `export` lines for a shell (`eval "$(node infra/local/cli.mjs env)"`); only running services.
 * @param {ServicesStatus} current
 */
export function shellExports(current) {
  const pairs = envPairs(current).map(([name, value]) => `${name}=${value}`);
  return pairs.length === 0 ? '' : `export ${pairs.join(' ')}`;
}

/** @param {import('./paths.mjs').StateLayout} layout */
async function readStatus(layout) {
  const [postgres, kafka] = await Promise.all([postgresStatus(layout), kafkaStatus(layout)]);
  // A cluster with a node down (a fault test) still serves through the others: report it, and
  // leave kafka.running false so that `up` restarts the missing node.
  const kafkaBrokers = kafka.nodes.some((node) => node.running) ? kafka.bootstrap : undefined;
  return { databaseUrl: postgres.url, kafkaBrokers, postgres, kafka };
}

/** @param {ServicesStatus} current */
function envPairs(current) {
  /** @type {Array<[string, string]>} */
  const pairs = [];
  if (current.databaseUrl) pairs.push(['DATABASE_URL', current.databaseUrl]);
  if (current.kafkaBrokers) pairs.push(['KAFKA_BROKERS', current.kafkaBrokers]);
  return pairs;
}

/**
 * @param {import('./paths.mjs').StateLayout} layout
 * @param {ServicesStatus} current
 */
async function record(layout, current) {
  const pairs = envPairs(current);
  if (pairs.length === 0) {
    await Promise.all([rm(layout.servicesEnv, { force: true }), rm(layout.servicesJson, { force: true })]);
    return;
  }
  const env = ['# Written by infra/local (node infra/local/cli.mjs up); removed by down.'];
  env.push(...pairs.map(([name, value]) => `${name}=${value}`));
  await writeFile(layout.servicesEnv, `${env.join('\n')}\n`);
  const json = { ...current, updatedAt: new Date().toISOString() };
  await writeFile(layout.servicesJson, `${JSON.stringify(json, null, 2)}\n`);
}
