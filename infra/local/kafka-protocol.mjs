import net from 'node:net';
import { InfraError } from './errors.mjs';

/**
 * Just enough of the Kafka wire protocol to ask a broker who is in its cluster, without a client
 * library (infra/local runs before `npm ci`) and without a JVM (a tool start costs seconds).
 * Requests use header v1 and non-flexible versions, so there are no tagged fields to encode:
 * ApiVersions v0 (every broker accepts it) and then Metadata v4..v8 with an empty topic list.
 */

const apiVersionsKey = 18;
const metadataKey = 3;
const highestPlainMetadata = 8; // v9 switches to the flexible (tagged-field) encoding

/**
 * @typedef {{ nodeId: number, host: string, port: number }} BrokerAddress
 * @typedef {{ clusterId: string | null, controllerId: number, brokers: BrokerAddress[] }} ClusterMetadata
 */

/**
 * @param {string} host
 * @param {number} port
 * @param {{ timeoutMs?: number }} [options]
 * @returns {Promise<ClusterMetadata>}
 */
export async function fetchClusterMetadata(host, port, { timeoutMs = 5000 } = {}) {
  const connection = await connect(host, port, timeoutMs);
  try {
    const versions = parseApiVersions(await connection.request(apiVersionsKey, 0, Buffer.alloc(0)));
    const range = versions.get(metadataKey);
    if (!range || range.min > highestPlainMetadata) {
      throw new InfraError('KAFKA_PROTOCOL', `broker ${host}:${port} offers no Metadata version in 4..8`);
    }
    const version = Math.min(highestPlainMetadata, Math.max(4, range.max));
    // topics: empty array (not null, which would mean "all topics"); allow_auto_topic_creation=false;
    // v8 adds include_cluster_authorized_operations and include_topic_authorized_operations.
    const body = Buffer.alloc(version >= 8 ? 7 : 5);
    return parseMetadata(await connection.request(metadataKey, version, body));
  } finally {
    connection.close();
  }
}

/**
 * @typedef {object} Connection
 * @property {(apiKey: number, apiVersion: number, body: Buffer) => Promise<Buffer>} request one request at a time
 * @property {() => void} close
 */

/**
 * @param {string} host
 * @param {number} port
 * @param {number} timeoutMs
 * @returns {Promise<Connection>}
 */
function connect(host, port, timeoutMs) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`no answer from ${host}:${port} in ${timeoutMs} ms`)),
    );
    let pending = Buffer.alloc(0);
    /** @type {((frame: Buffer) => void) | undefined} */
    let onFrame;
    /** @type {((error: Error) => void) | undefined} */
    let onError = reject;
    let correlationId = 0;
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      if (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const frame = pending.subarray(4, 4 + pending.readInt32BE(0));
        pending = pending.subarray(4 + frame.length);
        onFrame?.(frame);
      }
    });
    socket.on('error', (error) => onError?.(error));
    socket.on('close', () => onError?.(new Error(`${host}:${port} closed the connection`)));
    socket.once('connect', () =>
      resolve({
        request: (apiKey, apiVersion, body) =>
          new Promise((resolveFrame, rejectFrame) => {
            correlationId += 1;
            const clientId = Buffer.from('tessera-infra');
            const header = Buffer.alloc(10);
            header.writeInt16BE(apiKey, 0);
            header.writeInt16BE(apiVersion, 2);
            header.writeInt32BE(correlationId, 4);
            header.writeInt16BE(clientId.length, 8);
            const payload = Buffer.concat([header, clientId, body]);
            const size = Buffer.alloc(4);
            size.writeInt32BE(payload.length, 0);
            onFrame = (frame) => resolveFrame(frame.subarray(4)); // drop the response header's correlation id
            onError = rejectFrame;
            socket.write(Buffer.concat([size, payload]));
          }),
        close: () => {
          onError = undefined;
          socket.destroy();
        },
      }),
    );
  });
}

/**
 * ApiVersions v0 response: error_code int16, [api_key int16, min int16, max int16].
 * @param {Buffer} body
 */
function parseApiVersions(body) {
  const errorCode = body.readInt16BE(0);
  if (errorCode !== 0)
    throw new InfraError('KAFKA_PROTOCOL', `ApiVersions failed with error code ${errorCode}`);
  /** @type {Map<number, { min: number, max: number }>} */
  const versions = new Map();
  const count = body.readInt32BE(2);
  for (let index = 0, offset = 6; index < count; index += 1, offset += 6) {
    versions.set(body.readInt16BE(offset), {
      min: body.readInt16BE(offset + 2),
      max: body.readInt16BE(offset + 4),
    });
  }
  return versions;
}

/**
 * Metadata v4..v8 response: throttle_time_ms int32, brokers [node_id int32, host string, port int32,
 * rack nullable string], cluster_id nullable string, controller_id int32, topics (empty here).
 * @param {Buffer} body
 * @returns {ClusterMetadata}
 */
function parseMetadata(body) {
  let offset = 4;
  const readString = () => {
    const length = body.readInt16BE(offset);
    offset += 2;
    if (length < 0) return null;
    offset += length;
    return body.toString('utf8', offset - length, offset);
  };
  const count = body.readInt32BE(offset);
  offset += 4;
  /** @type {BrokerAddress[]} */
  const brokers = [];
  for (let index = 0; index < count; index += 1) {
    const nodeId = body.readInt32BE(offset);
    offset += 4;
    const host = readString() ?? '';
    const port = body.readInt32BE(offset);
    offset += 4;
    readString();
    brokers.push({ nodeId, host, port });
  }
  const clusterId = readString();
  const controllerId = body.readInt32BE(offset);
  return { clusterId, controllerId, brokers: brokers.sort((a, b) => a.nodeId - b.nodeId) };
}
