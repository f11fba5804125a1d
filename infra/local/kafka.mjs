import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InfraError } from './errors.mjs';
import { findJava } from './java.mjs';
import { clusterFolder, nodeFolder, readCluster, writeCluster } from './kafka-config.mjs';
import { brokerLogConfig, ensureKafkaLibs, kafkaVersion } from './kafka-libs.mjs';
import { waitForCluster } from './kafka-ready.mjs';
import { planCluster, prepareNode } from './kafka-setup.mjs';
import { loopback } from './net.mjs';
import { commandLine, isAlive, terminate } from './processes.mjs';
import { withHeartbeat } from './progress.mjs';

const maxLogBytes = 50 * 1024 * 1024;

/**
 * @typedef {import('./kafka-config.mjs').KafkaNode & { running: boolean, pid?: number, logFile: string }} KafkaNodeStatus
 * @typedef {object} KafkaStatus
 * @property {boolean} running every node of the cluster runs
 * @property {number} [size] number of nodes (each a broker and a controller)
 * @property {string} [bootstrap] KAFKA_BROKERS: host:port of every broker, comma-separated
 * @property {string} [clusterId]
 * @property {string} [version]
 * @property {string} [clusterDir]
 * @property {KafkaNodeStatus[]} nodes
 */

/**
 * The cluster that has a node running (or, when none does, none), from pid files checked against
 * the live process table.
 * @param {import('./paths.mjs').StateLayout} layout
 * @returns {Promise<KafkaStatus>}
 */
export async function kafkaStatus(layout) {
  const folders = await readdir(layout.kafka).catch(() => /** @type {string[]} */ ([]));
  for (const folder of folders.filter((name) => /^\d+-node$/.test(name))) {
    const clusterDir = path.join(layout.kafka, folder);
    const cluster = await readCluster(clusterDir);
    if (!cluster) continue;
    const nodes = await Promise.all(cluster.nodes.map((node) => nodeStatus(layout, clusterDir, node)));
    if (!nodes.some((node) => node.running)) continue;
    return {
      running: nodes.every((node) => node.running),
      size: nodes.length,
      bootstrap: nodes.map((node) => `${loopback}:${node.port}`).join(','),
      clusterId: cluster.clusterId,
      version: cluster.version,
      clusterDir,
      nodes,
    };
  }
  return { running: false, nodes: [] };
}

/**
 * @param {import('./paths.mjs').StateLayout} layout
 * @param {string} clusterDir
 * @param {import('./kafka-config.mjs').KafkaNode} node
 * @returns {Promise<KafkaNodeStatus>}
 */
async function nodeStatus(layout, clusterDir, node) {
  const dir = nodeFolder(clusterDir, node.nodeId);
  const logFile = path.join(layout.logs, `kafka-node-${node.nodeId}.log`);
  const pid = Number(await readFile(path.join(dir, 'kafka.pid'), 'utf8').catch(() => ''));
  // The pid must still be our JVM: the marker property names this node's folder.
  const running = pid > 0 && isAlive(pid) && commandLine(pid).includes(`-Dtessera.kafka.node=${dir} `);
  return running ? { ...node, running, pid, logFile } : { ...node, running, logFile };
}

/**
 * Starts (or completes) a KRaft cluster of `size` combined broker+controller nodes and waits until
 * every broker sees all of them. Storage is formatted on a node's first start.
 * @param {import('./paths.mjs').StateLayout} layout
 * @param {{ size: number, log: (message: string) => void }} options
 * @returns {Promise<KafkaStatus>}
 */
export async function startKafka(layout, { size, log }) {
  const current = await kafkaStatus(layout);
  if (current.size !== undefined && current.size !== size) {
    throw new InfraError(
      'KAFKA_SIZE_MISMATCH',
      `a ${current.size}-node Kafka cluster runs; ${size} requested`,
      {
        hint: `stop it first: node infra/local/cli.mjs down --no-postgres, then up --brokers ${size}`,
      },
    );
  }
  const clusterDir = clusterFolder(layout.kafka, size);
  if (current.running) {
    log(`kafka: already running (${current.bootstrap})`);
    await waitForCluster(current, { timeoutMs: 60_000, log });
    return current;
  }
  const version = await kafkaVersion();
  const libs = await ensureKafkaLibs({ log });
  const java = await findJava();
  const running = new Set(current.nodes.filter((node) => node.running).map((node) => node.nodeId));
  const cluster = await planCluster(clusterDir, size, version, running);
  await mkdir(layout.logs, { recursive: true });
  await writeCluster(clusterDir, cluster);

  const stopped = cluster.nodes.filter((node) => !running.has(node.nodeId));
  await Promise.all(stopped.map((node) => prepareNode(clusterDir, cluster, node, log)));
  for (const node of stopped) {
    log(`kafka: starting node ${node.nodeId} of ${size} (Kafka ${version}) on ${loopback}:${node.port}`);
    await launchNode(layout, clusterDir, node, java, path.join(libs, '*'));
  }
  const status = await kafkaStatus(layout);
  await withHeartbeat(log, 'kafka: waiting for the brokers to answer', () =>
    waitForCluster(status, { timeoutMs: 180_000, log }),
  );
  return kafkaStatus(layout);
}

/**
 * Starts one node's JVM in its own process group (so Ctrl-C in the terminal that ran `up` does not
 * reach it), with stdout and stderr appended to its log file.
 * @param {import('./paths.mjs').StateLayout} layout
 * @param {string} clusterDir
 * @param {import('./kafka-config.mjs').KafkaNode} node
 * @param {string} java
 * @param {string} classpath
 */
async function launchNode(layout, clusterDir, node, java, classpath) {
  const dir = nodeFolder(clusterDir, node.nodeId);
  const logFile = path.join(layout.logs, `kafka-node-${node.nodeId}.log`);
  const heap = process.env.TESSERA_KAFKA_HEAP ?? '512m';
  const jvm = [
    `-Xms128m`,
    `-Xmx${heap}`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:+ExitOnOutOfMemoryError',
    // C1 only: this broker shares a small machine with PostgreSQL and the worker, and its work at
    // ingest rates is a few µs per event, while C2's compiles came in bursts as each new traffic
    // pattern began. A fresh broker in bench:ingest's live phase (300k events, 8,500/s, three
    // pairs): 38–39 µs of broker CPU per event with C2, 22–25 with C1 alone; backlog CPU 6–9 vs 4–5.
    '-XX:TieredStopAtLevel=1',
  ];
  // Extra JVM options, after the defaults so that they win (`-XX:TieredStopAtLevel=4` restores C2).
  jvm.push(...(process.env.TESSERA_KAFKA_JVM_OPTS ?? '').split(/\s+/).filter(Boolean));
  jvm.push(
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${brokerLogConfig}`,
    `-Dkafka.logs.dir=${layout.logs}`,
  );
  jvm.push(`-Dtessera.kafka.node=${dir}`);
  // Keep one previous log: each start appends ~1,200 lines of configuration, and tests restart often.
  const size = await stat(logFile).then(
    (info) => info.size,
    () => 0,
  );
  if (size > maxLogBytes) await rename(logFile, `${logFile}.old`);
  const out = openSync(logFile, 'a');
  try {
    const child = spawn(
      java,
      [...jvm, '-cp', classpath, 'kafka.Kafka', path.join(dir, 'server.properties')],
      {
        cwd: dir,
        detached: true,
        stdio: ['ignore', out, out],
      },
    );
    child.unref();
    if (!child.pid) throw new InfraError('KAFKA_START_FAILED', `could not start ${java}`);
    await writeFile(path.join(dir, 'kafka.pid'), `${child.pid}\n`);
  } finally {
    closeSync(out);
  }
}

/**
 * Stops every running node: SIGTERM starts a controlled shutdown (partition leadership moves away,
 * logs are flushed); SIGKILL after 30 s.
 * @param {import('./paths.mjs').StateLayout} layout
 * @param {(message: string) => void} log
 * @returns {Promise<'stopped' | 'not-running'>}
 */
export async function stopKafka(layout, log) {
  const status = await kafkaStatus(layout);
  const running = status.nodes.filter((node) => node.running && node.pid);
  if (running.length === 0) return 'not-running';
  log(`kafka: stopping ${running.length} node(s) (pids ${running.map((node) => node.pid).join(', ')})`);
  const results = await Promise.all(running.map((node) => terminate(node.pid ?? 0, { graceMs: 30_000 })));
  if (results.includes('killed')) log('kafka: a node did not stop within 30 s and was killed');
  for (const node of running)
    await rm(path.join(nodeFolder(status.clusterDir ?? '', node.nodeId), 'kafka.pid'), { force: true });
  return 'stopped';
}
