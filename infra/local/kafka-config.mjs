import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loopback } from './net.mjs';

/**
 * @typedef {{ nodeId: number, port: number, controllerPort: number }} KafkaNode
 * @typedef {{ clusterId: string, version: string, nodes: KafkaNode[] }} KafkaCluster
 */

/**
 * A cluster's folder: one per size, because a formatted KRaft log belongs to its voter set
 * (`.tessera/kafka/1-node`, `.tessera/kafka/3-node`).
 * @param {string} kafkaRoot
 * @param {number} size
 */
export function clusterFolder(kafkaRoot, size) {
  return path.join(kafkaRoot, `${size}-node`);
}

/**
 * @param {string} clusterDir
 * @param {number} nodeId
 */
export function nodeFolder(clusterDir, nodeId) {
  return path.join(clusterDir, `node-${nodeId}`);
}

/**
 * @param {string} clusterDir
 * @returns {Promise<KafkaCluster | undefined>}
 */
export async function readCluster(clusterDir) {
  const text = await readFile(path.join(clusterDir, 'cluster.json'), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : JSON.parse(text);
}

/**
 * @param {string} clusterDir
 * @param {KafkaCluster} cluster
 */
export async function writeCluster(clusterDir, cluster) {
  await writeFile(path.join(clusterDir, 'cluster.json'), `${JSON.stringify(cluster, null, 2)}\n`);
}

/**
 * A KRaft cluster id: a UUID as 22 characters of unpadded base64url, as `kafka-storage random-uuid`
 * prints. Kafka refuses ids that start with '-' (they read as command-line flags).
 */
export function newClusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/**
 * server.properties for one combined broker+controller node, tuned for tests: topics are created
 * on first use with 4 partitions, consumer groups start without the 3 s join delay, and internal
 * topics are replicated as widely as the cluster allows (3 at most).
 * @param {KafkaCluster} cluster
 * @param {KafkaNode} node
 * @param {string} dataDir
 */
export function serverProperties(cluster, node, dataDir) {
  const size = cluster.nodes.length;
  const replication = Math.min(3, size);
  // With 3 replicas, acks=all survives one broker down; a single broker can only require itself.
  const minInSync = Math.max(1, replication - 1);
  const voters = cluster.nodes.map((each) => `${each.nodeId}@${loopback}:${each.controllerPort}`).join(',');
  return [
    '# Written by infra/local/kafka.mjs at every start; edits are overwritten.',
    'process.roles=broker,controller',
    `node.id=${node.nodeId}`,
    `controller.quorum.voters=${voters}`,
    `listeners=PLAINTEXT://${loopback}:${node.port},CONTROLLER://${loopback}:${node.controllerPort}`,
    `advertised.listeners=PLAINTEXT://${loopback}:${node.port}`,
    'inter.broker.listener.name=PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${dataDir}`,
    'auto.create.topics.enable=true',
    'num.partitions=4',
    `default.replication.factor=${replication}`,
    `min.insync.replicas=${minInSync}`,
    `offsets.topic.replication.factor=${replication}`,
    `transaction.state.log.replication.factor=${replication}`,
    `transaction.state.log.min.isr=${minInSync}`,
    `share.coordinator.state.topic.replication.factor=${replication}`,
    `share.coordinator.state.topic.min.isr=${minInSync}`,
    'group.initial.rebalance.delay.ms=0',
    // Fewer threads than the defaults: several brokers share 2 cores with the tests.
    'num.network.threads=2',
    'num.io.threads=4',
    'num.recovery.threads.per.data.dir=1',
    'log.retention.hours=24',
    '',
  ].join('\n');
}
