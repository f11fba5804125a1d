import { describe, expect, it } from 'vitest';
import { newClusterId, serverProperties } from './kafka-config.mjs';

/** @param {string} text */
const parse = (text) =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.includes('=') && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

const node = (/** @type {number} */ nodeId) => ({
  nodeId,
  port: 9000 + nodeId,
  controllerPort: 9100 + nodeId,
});

describe('serverProperties', () => {
  it('makes a single node its own voter, with internal topics replicated once', () => {
    const cluster = { clusterId: newClusterId(), version: '4.1.2', nodes: [node(1)] };
    const properties = parse(serverProperties(cluster, node(1), '/data'));
    expect(properties['controller.quorum.voters']).toBe('1@127.0.0.1:9101');
    expect(properties['advertised.listeners']).toBe('PLAINTEXT://127.0.0.1:9001');
    expect(properties['offsets.topic.replication.factor']).toBe('1');
    expect(properties['min.insync.replicas']).toBe('1');
    expect(properties['auto.create.topics.enable']).toBe('true');
    expect(properties['num.partitions']).toBe('4');
  });

  it('lists every node as a voter in a 3-node cluster and tolerates one broker down', () => {
    const nodes = [node(1), node(2), node(3)];
    const cluster = { clusterId: newClusterId(), version: '4.1.2', nodes };
    const properties = parse(serverProperties(cluster, node(2), '/data'));
    expect(properties['node.id']).toBe('2');
    expect(properties['controller.quorum.voters']).toBe('1@127.0.0.1:9101,2@127.0.0.1:9102,3@127.0.0.1:9103');
    expect(properties.listeners).toBe('PLAINTEXT://127.0.0.1:9002,CONTROLLER://127.0.0.1:9102');
    expect(properties['default.replication.factor']).toBe('3');
    expect(properties['min.insync.replicas']).toBe('2');
    expect(properties['transaction.state.log.min.isr']).toBe('2');
  });
});

describe('newClusterId', () => {
  it('gives 16 random bytes as 22 characters of unpadded base64url, never starting with a dash', () => {
    const ids = Array.from({ length: 200 }, newClusterId);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
      expect(Buffer.from(id, 'base64url')).toHaveLength(16);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});
