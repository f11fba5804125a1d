#!/usr/bin/env node
// The README's run command: the whole system in one process on embedded defaults — PGlite in
// .tessera/pglite and the durable local event log instead of Kafka — or on real servers when
// DATABASE_URL / KAFKA_BROKERS are set. PGlite allows one process per data directory, so the
// API, stream-worker and trainer share one connection here; the dashboard runs beside them.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';

const say = (line) => process.stdout.write(`${line}\n`);
const env = process.env;

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

async function optional(specifier) {
  try {
    return await import(specifier);
  } catch (error) {
    if (error?.code === 'ERR_MODULE_NOT_FOUND' || error?.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED')
      return null;
    throw error;
  }
}

async function main() {
  if (!env.TESSERA_SKIP_BUILD) {
    say('[start] building (turbo caches unchanged packages)…');
    await run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], {
      env: { ...env, TURBO_TELEMETRY_DISABLED: '1' },
    });
  }
  const { pino } = await import('pino');
  const { loggableError } = await import('@tessera/errors');
  const log = pino({ level: env.LOG_LEVEL ?? 'info', base: undefined, serializers: { err: loggableError } });
  const { connect, migrate } = await import('@tessera/db');
  const { createEventPublisher } = await import('@tessera/events');
  const api = await import('@tessera/api');

  const kafkaBrokers = env.KAFKA_BROKERS ? env.KAFKA_BROKERS.split(',') : undefined;
  const localLogDir = env.TESSERA_EVENT_LOG_DIR ?? '.tessera/events';
  const connection = await connect({
    url: env.DATABASE_URL || undefined,
    dataDir: env.TESSERA_PGLITE_DIR ?? '.tessera/pglite',
  });
  await migrate(connection);
  say(`[start] database: ${connection.target} (migrated)`);
  say(
    `[start] events:   ${kafkaBrokers ? `Kafka ${kafkaBrokers.join(',')}` : `local durable log in ${localLogDir}`}`,
  );

  const publisher = createEventPublisher(kafkaBrokers ? { kafkaBrokers } : { localLogDir });
  const stops = [];

  const worker = await optional('@tessera/stream-worker');
  if (worker?.startStreamWorker) {
    const running = await worker.startStreamWorker({
      connection,
      kafkaBrokers,
      localLogDir,
      logger: log.child({ service: 'stream-worker' }),
    });
    stops.push({ name: 'stream-worker', stop: () => running.stop() });
    say('[start] stream-worker: running');
  }

  const server = await api.startApiServer({
    db: connection.db,
    listen: connection.listen,
    publisher,
    log: log.child({ service: 'api' }),
    host: env.API_HOST ?? '127.0.0.1',
    port: Number(env.API_PORT ?? 4000),
    corsOrigins: [
      `http://127.0.0.1:${env.DASHBOARD_PORT ?? 3000}`,
      `http://localhost:${env.DASHBOARD_PORT ?? 3000}`,
    ],
  });
  stops.unshift({ name: 'api', stop: () => server.close() });

  await mkdir('.tessera', { recursive: true });
  let demo;
  if (!(await api.hasTenants(connection.db))) {
    say('[start] seeding one demo tenant per vertical (first start only)…');
    demo = await api.seedDemo(connection.db, publisher);
    await writeFile('.tessera/demo.json', JSON.stringify(demo, null, 2), { mode: 0o600 });
  } else if (existsSync('.tessera/demo.json')) {
    demo = JSON.parse(await readFile('.tessera/demo.json', 'utf8'));
  }

  const trainer = await optional('@tessera/trainer');
  if (trainer?.startTrainer) {
    const running = await trainer.startTrainer({ connection, logger: log.child({ service: 'trainer' }) });
    stops.push({ name: 'trainer', stop: () => running.stop() });
    say('[start] trainer: running');
  }

  let dashboardUrl;
  if (existsSync('apps/dashboard/.next/BUILD_ID')) {
    const port = env.DASHBOARD_PORT ?? '3000';
    // Node runs Next's own bin: through npx, SIGTERM reached npx and left next-server running.
    const nextBin = path.resolve('node_modules/next/dist/bin/next');
    const child = spawn(process.execPath, [nextBin, 'start', '-p', port, '-H', '127.0.0.1'], {
      cwd: 'apps/dashboard',
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...env, API_URL: server.url },
    });
    stops.unshift({ name: 'dashboard', stop: () => stopChild(child) });
    dashboardUrl = `http://127.0.0.1:${port}`;
  }

  say('');
  say('Tessera is running.');
  say(
    `  GraphQL API   ${server.url}/graphql   (health ${server.url}/healthz, metrics ${server.url}/metrics)`,
  );
  say(`  Ingest        POST ${server.url}/v1/events`);
  if (dashboardUrl) say(`  Dashboard     ${dashboardUrl}`);
  if (demo) {
    say('');
    say(`  Demo logins (password "${api.DEMO_PASSWORD}"): ${demo.map((t) => t.adminEmail).join(', ')}`);
    const ent = demo.find((t) => t.vertical === 'entertainment') ?? demo[0];
    say(`  Demo read key (${ent.name}): ${ent.readKey}   (all demo keys: .tessera/demo.json)`);
    say('  Try:');
    say(
      `    curl -s ${server.url}/graphql -H 'content-type: application/json' -H 'authorization: Bearer ${ent.readKey}' \\`,
    );
    say(
      `      -d '{"query":"{ recommendations(userId: \\"user-1\\", count: 5) { items { itemId score reasons } } }"}'`,
    );
  }
  say('  Ctrl-C stops everything.');

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    say(`[start] ${signal}: stopping…`);
    // The dashboard and the API first (no new work comes in), then the worker and the trainer
    // together; whatever has not stopped by the deadline is named and the process exits anyway.
    const [front, back] = [
      stops.filter((s) => s.name === 'dashboard' || s.name === 'api'),
      stops.filter((s) => s.name !== 'dashboard' && s.name !== 'api'),
    ];
    const pending = new Set(stops.map((s) => s.name));
    const run = (s) =>
      Promise.resolve()
        .then(s.stop)
        .catch((error) => log.error({ err: error }, `${s.name}: stop failed`))
        .finally(() => pending.delete(s.name));
    const deadline = new Promise((resolve) => setTimeout(resolve, 20_000).unref());
    const all = (async () => {
      await Promise.all(front.map(run));
      await Promise.all(back.map(run));
      await connection.close();
    })();
    await Promise.race([all, deadline]);
    if (pending.size > 0) {
      say(`[start] still stopping after 20 s: ${[...pending].join(', ')}; exiting anyway`);
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** SIGTERM, then SIGKILL if the child has not exited within 5 s. */
function stopChild(child) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

main().catch((error) => {
  console.error(error?.describe?.() ?? error);
  process.exit(1);
});
