/**
 * The harness's own PostgreSQL and 3-broker KRaft cluster, started by infra/local under a
 * separate state root (never the checkout's shared `.tessera`), so that killing and restarting
 * them disturbs nobody else.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { connect, migrate, queryRows, sql } from '@tessera/db';
import { DLQ_TOPIC, EVENTS_TOPIC } from '@tessera/events';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface KafkaNodeStatus {
  nodeId: number;
  running: boolean;
  pid?: number;
}
export interface ServicesStatus {
  databaseUrl?: string;
  kafkaBrokers?: string;
  kafka: { running: boolean; nodes: KafkaNodeStatus[] };
  postgres: { running: boolean; pid?: number };
}
interface UpDownOptions {
  root: string;
  postgres?: boolean;
  kafka?: boolean;
  brokers?: number;
  log?: (message: string) => void;
}
interface InfraServices {
  up(options: UpDownOptions): Promise<ServicesStatus>;
  down(options: UpDownOptions): Promise<ServicesStatus>;
  status(options: { root: string }): Promise<ServicesStatus>;
  runKafkaTool(
    className: string,
    args: string[],
    options?: { heap?: string },
  ): Promise<{ code: number; stdout: string; stderr: string }>;
}

/** infra/local is plain ESM with JSDoc types; imported by path, so e2e needs no dependency on it. */
export async function infra(): Promise<InfraServices> {
  const url = pathToFileURL(path.join(repoRoot, 'infra/local/services.mjs')).href;
  return (await import(url)) as InfraServices;
}

export const brokerCount = 3;

export async function startServices(root: string, log: (line: string) => void) {
  const services = await infra();
  const started = await services.up({ root, brokers: brokerCount, log: (m) => log(`infra: ${m}`) });
  if (!started.databaseUrl || !started.kafkaBrokers) throw new Error('infra/local started no services');
  return { databaseUrl: started.databaseUrl, kafkaBrokers: started.kafkaBrokers };
}

async function topicTool(brokers: string, args: string[]) {
  const result = await (await infra()).runKafkaTool('org.apache.kafka.tools.TopicCommand', [
    '--bootstrap-server',
    brokers,
    ...args,
  ]);
  if (result.code !== 0)
    throw new Error(`TopicCommand ${args.join(' ')} failed: ${result.stderr.slice(-1500)}`);
  return result.stdout;
}

/**
 * Fresh `events.v1` and `events.dlq.v1` for every run (the API publishes to the fixed name), both
 * with 3 replicas and min.insync.replicas=2: acks=all then survives one broker down.
 */
export async function resetTopics(brokers: string, partitions: number, log: (line: string) => void) {
  const topics = [
    [EVENTS_TOPIC, partitions],
    [DLQ_TOPIC, 1],
  ] as const;
  for (const [topic] of topics) await topicTool(brokers, ['--delete', '--if-exists', '--topic', topic]);
  for (let attempt = 0; ; attempt += 1) {
    const listed = (await topicTool(brokers, ['--list'])).split('\n').map((line) => line.trim());
    if (!topics.some(([topic]) => listed.includes(topic))) break;
    if (attempt > 30) throw new Error('old topics were not deleted within a minute');
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  for (const [topic, count] of topics) {
    await topicTool(brokers, [
      ...['--create', '--topic', topic, '--partitions', String(count)],
      ...['--replication-factor', String(brokerCount), '--config', 'min.insync.replicas=2'],
    ]);
  }
  const described = await topicTool(brokers, ['--describe', '--topic', EVENTS_TOPIC]);
  log(`topics: ${described.split('\n')[0]?.replace(/\s+/g, ' ')}`);
  return { partitions, replicationFactor: brokerCount, minInsyncReplicas: 2 };
}

/** A freshly migrated database of its own on the private server, dropped first if a run left it. */
export async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = await connect({ url: serverUrl, poolSize: 1 });
  try {
    await queryRows(admin.db, sql.raw(`drop database if exists ${name} with (force)`));
    await queryRows(admin.db, sql.raw(`create database ${name}`));
  } finally {
    await admin.close();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const connection = await connect({ url: url.toString(), poolSize: 1 });
  try {
    await migrate(connection);
  } finally {
    await connection.close();
  }
  return url.toString();
}
