import { readFile } from 'node:fs/promises';
import { InfraError } from './errors.mjs';
import { fetchClusterMetadata } from './kafka-protocol.mjs';
import { loopback, waitUntil } from './net.mjs';
import { isAlive } from './processes.mjs';

/**
 * Waits until every node answers a Metadata request listing all of the cluster's brokers: a TCP
 * accept alone comes before the broker has caught up with the controller and registered.
 * Fails fast, with the end of the node's log, when its JVM exits.
 * @param {import('./kafka.mjs').KafkaStatus} status
 * @param {{ timeoutMs: number, log: (message: string) => void }} options
 */
export async function waitForCluster(status, { timeoutMs }) {
  for (const node of status.nodes) {
    await waitUntil(
      async () => {
        if (node.pid && !isAlive(node.pid)) {
          throw new InfraError('KAFKA_START_FAILED', `Kafka node ${node.nodeId} exited while starting`, {
            hint: `see ${node.logFile}; its last lines:\n${await logTail(node.logFile)}`,
          });
        }
        const metadata = await fetchClusterMetadata(loopback, node.port, { timeoutMs: 2000 }).catch(
          () => undefined,
        );
        return metadata !== undefined && metadata.brokers.length === status.nodes.length;
      },
      {
        timeoutMs,
        intervalMs: 300,
        onTimeout: () =>
          new InfraError(
            'KAFKA_NOT_READY',
            `Kafka node ${node.nodeId} did not answer in ${timeoutMs / 1000} s`,
            {
              hint: `see ${node.logFile}`,
            },
          ),
      },
    );
  }
}

/** @param {string} file */
async function logTail(file) {
  return (await readFile(file, 'utf8').catch(() => '')).split('\n').slice(-20).join('\n');
}
