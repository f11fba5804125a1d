import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InfraError } from './errors.mjs';
import { newClusterId, nodeFolder, readCluster, serverProperties } from './kafka-config.mjs';
import { runKafkaTool } from './kafka-tools.mjs';
import { freePorts, waitUntil } from './net.mjs';

/**
 * Ports and the cluster id: kept from the last start where possible, so KAFKA_BROKERS stays the
 * same across restarts. While some nodes run, the stopped ones must get their old ports back,
 * because the running ones hold the controller addresses in their configuration.
 * @param {string} clusterDir
 * @param {number} size
 * @param {string} version
 * @param {Set<number>} running
 * @returns {Promise<import('./kafka-config.mjs').KafkaCluster>}
 */
export async function planCluster(clusterDir, size, version, running) {
  const previous = await readCluster(clusterDir);
  if (previous && running.size > 0) {
    for (const node of previous.nodes.filter((each) => !running.has(each.nodeId))) {
      // Right after a node dies, its accepted connections linger (FIN_WAIT) until the peers
      // close their ends, and they block a new bind: wait for them.
      await waitUntil(
        async () => {
          const [port, controllerPort] = await freePorts(2, [node.port, node.controllerPort]);
          return port === node.port && controllerPort === node.controllerPort;
        },
        {
          timeoutMs: 60_000,
          intervalMs: 500,
          onTimeout: () =>
            new InfraError(
              'KAFKA_PORT_TAKEN',
              `node ${node.nodeId}'s ports ${node.port}/${node.controllerPort} stay taken`,
              {
                hint: 'stop the whole cluster (down --no-postgres) and start it again, or free those ports',
              },
            ),
        },
      );
    }
    return { ...previous, version };
  }
  const wanted = previous?.nodes.flatMap((node) => [node.port, node.controllerPort]) ?? [];
  const ports = await freePorts(2 * size, wanted);
  const nodes = Array.from({ length: size }, (_, index) => ({
    nodeId: index + 1,
    port: ports[2 * index] ?? 0,
    controllerPort: ports[2 * index + 1] ?? 0,
  }));
  await mkdir(clusterDir, { recursive: true });
  return { clusterId: previous?.clusterId ?? newClusterId(), version, nodes };
}

/**
 * Writes the node's server.properties and formats its storage on first start (StorageTool is what
 * `kafka-storage.sh format` runs; with a static voter list it needs no --standalone flag).
 * @param {string} clusterDir
 * @param {import('./kafka-config.mjs').KafkaCluster} cluster
 * @param {import('./kafka-config.mjs').KafkaNode} node
 * @param {(message: string) => void} log
 */
export async function prepareNode(clusterDir, cluster, node, log) {
  const dir = nodeFolder(clusterDir, node.nodeId);
  const dataDir = path.join(dir, 'data');
  const properties = path.join(dir, 'server.properties');
  await mkdir(dir, { recursive: true });
  await writeFile(properties, serverProperties(cluster, node, dataDir));
  const formatted = await access(path.join(dataDir, 'meta.properties')).then(
    () => true,
    () => false,
  );
  if (formatted) return;
  log(`kafka: formatting storage of node ${node.nodeId} (cluster id ${cluster.clusterId})`);
  const result = await runKafkaTool(
    'kafka.tools.StorageTool',
    ['format', '-t', cluster.clusterId, '-c', properties],
    {
      heap: '256m',
    },
  );
  if (result.code !== 0) {
    throw new InfraError('KAFKA_FORMAT_FAILED', `formatting node ${node.nodeId}'s storage failed`, {
      hint: `delete ${dir} and retry. StorageTool said:\n${(result.stdout + result.stderr).slice(-2000)}`,
    });
  }
}
