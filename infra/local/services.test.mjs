import { access, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateLayout } from './paths.mjs';
import { isRunning } from './processes.mjs';
import { down, fetchClusterMetadata, queryPostgres, runKafkaTool, status, up } from './services.mjs';

// The root test runner starts the services once and passes them in DATABASE_URL / KAFKA_BROKERS;
// then this suite only checks them. Run alone, it starts its own and stops them at the end.
const given = { databaseUrl: process.env.DATABASE_URL, kafkaBrokers: process.env.KAFKA_BROKERS };
const external = Boolean(given.databaseUrl && given.kafkaBrokers);

const before = await status();
/** Whether the servers under test are this checkout's private ones (so `up` must report them). */
const ours =
  !external || (before.databaseUrl === given.databaseUrl && before.kafkaBrokers === given.kafkaBrokers);
/** Services this suite starts, and so must stop; never someone else's. */
const startedHere = {
  postgres: !external && !before.postgres.running,
  kafka: !external && !before.kafka.running,
};
if (!ours)
  console.info(
    'infra: DATABASE_URL/KAFKA_BROKERS are not the private services; their own up/env checks did not run',
  );
if (!(startedHere.postgres && startedHere.kafka)) {
  console.info('infra: services were already running, so the `down` test did not run (it would stop them)');
}

/** @type {import('./services.mjs').ServicesStatus} */
let services;

beforeAll(async () => {
  if (external) {
    services = { ...before, databaseUrl: given.databaseUrl, kafkaBrokers: given.kafkaBrokers };
    console.info(`infra tests use the given services: ${given.databaseUrl} ${given.kafkaBrokers}`);
    return;
  }
  services = await up({ log: (line) => console.info(line) });
});

afterAll(async () => {
  if (startedHere.postgres || startedHere.kafka) await down(startedHere);
});

describe('up', () => {
  it('prints a DATABASE_URL and KAFKA_BROKERS for loopback servers', () => {
    expect(services.databaseUrl).toMatch(/^postgres:\/\/[^@/]+@127\.0\.0\.1:\d+\/\w+$/);
    expect(services.kafkaBrokers).toMatch(/^127\.0\.0\.1:\d+(,127\.0\.0\.1:\d+)*$/);
  });

  it.skipIf(!ours)('returns the same servers, unchanged, when they already run', async () => {
    const again = await up({ kafka: Boolean(services.kafka.running) });
    expect(again.databaseUrl).toBe(services.databaseUrl);
    expect(again.kafkaBrokers).toBe(services.kafkaBrokers);
    expect(again.postgres.pid).toBe(services.postgres.pid);
    expect(again.kafka.nodes.map((node) => node.pid)).toEqual(services.kafka.nodes.map((node) => node.pid));
  });

  it.skipIf(!ours)('writes both URLs to .tessera/services.env and services.json', async () => {
    const layout = stateLayout();
    const env = await readFile(layout.servicesEnv, 'utf8');
    expect(env).toContain(`DATABASE_URL=${services.databaseUrl}\n`);
    expect(env).toContain(`KAFKA_BROKERS=${services.kafkaBrokers}\n`);
    const json = JSON.parse(await readFile(layout.servicesJson, 'utf8'));
    expect(json.databaseUrl).toBe(services.databaseUrl);
    expect(json.kafka.nodes[0].port).toBeGreaterThan(0);
  });
});

describe('PostgreSQL', () => {
  it('answers a query as the URL user, a superuser on the private cluster', async () => {
    const url = services.databaseUrl ?? '';
    const answer = await queryPostgres(
      url,
      'SELECT current_user, rolsuper, current_database() FROM pg_roles WHERE rolname = current_user',
    );
    const [user, superuser, database] = answer.split('|');
    expect(user).toBe(decodeURIComponent(new URL(url).username));
    expect(database).toBe(new URL(url).pathname.slice(1));
    if (ours) expect(superuser).toBe('t');
  });
});

describe('Kafka', () => {
  it('answers a metadata request on every broker with the whole cluster', async () => {
    const addresses = (services.kafkaBrokers ?? '').split(',');
    for (const address of addresses) {
      const [host = '', port = ''] = address.split(':');
      const metadata = await fetchClusterMetadata(host, Number(port));
      expect(metadata.brokers.map((broker) => `${broker.host}:${broker.port}`)).toContain(address);
      expect(metadata.clusterId).toMatch(/^[\w-]{22}$/);
    }
  });

  it("runs Kafka's own tools with the cached jars: creates a topic, then deletes it", async () => {
    const bootstrap = services.kafkaBrokers ?? '';
    const topic = `infra-smoke-${Date.now().toString(36)}`;
    const created = await runKafkaTool('org.apache.kafka.tools.TopicCommand', [
      '--bootstrap-server',
      bootstrap,
      '--create',
      '--topic',
      topic,
      '--partitions',
      '3',
    ]);
    // Exit codes and stdout, not an empty stderr: the JVM tools log WARN lines there on a loaded machine.
    expect(created, created.stderr).toMatchObject({ code: 0 });
    expect(created.stdout).toContain(`Created topic ${topic}.`);
    // Deleted again, so runs of the suite leave no topics in a dev broker.
    const deleted = await runKafkaTool('org.apache.kafka.tools.TopicCommand', [
      '--bootstrap-server',
      bootstrap,
      '--delete',
      '--topic',
      topic,
    ]);
    expect(deleted, deleted.stderr).toMatchObject({ code: 0 });
  });
});

describe('down', () => {
  it.skipIf(!(startedHere.postgres && startedHere.kafka))(
    'stops both servers and forgets their URLs; again is a no-op',
    async () => {
      const pids = [services.postgres.pid ?? 0, ...services.kafka.nodes.map((node) => node.pid ?? 0)];
      const after = await down();
      expect(after.databaseUrl).toBeUndefined();
      expect(after.kafkaBrokers).toBeUndefined();
      expect(pids.filter((pid) => pid > 0 && isRunning(pid))).toEqual([]);
      await expect(access(stateLayout().servicesEnv)).rejects.toThrow();
      await expect(down()).resolves.toMatchObject({ databaseUrl: undefined, kafkaBrokers: undefined });
      startedHere.postgres = false;
      startedHere.kafka = false;
    },
  );
});
