import net from 'node:net';

export const loopback = '127.0.0.1';

/**
 * Reserves `count` distinct free TCP ports on 127.0.0.1. A preferred port (the one used last time,
 * so that URLs stay stable across restarts) is kept when it is still free. Preferred ports are
 * claimed before any new one is drawn, and every socket stays open until all are chosen, so the
 * kernel can neither hand out one port twice nor give away a preferred port as a new one.
 * @param {number} count
 * @param {Array<number | undefined>} [preferred]
 * @returns {Promise<number[]>}
 */
export async function freePorts(count, preferred = []) {
  /** @type {Array<net.Server | undefined>} */
  const held = [];
  try {
    for (let index = 0; index < count; index += 1) {
      const wanted = preferred[index];
      held[index] = wanted ? await listen(wanted).catch(() => undefined) : undefined;
    }
    for (let index = 0; index < count; index += 1) held[index] ??= await listen(0);
    return held.map((server) => {
      const address = server?.address();
      if (!address || typeof address === 'string') throw new Error('unexpected server address');
      return address.port;
    });
  } finally {
    await Promise.all(
      held.map(
        (server) => new Promise((resolve) => (server ? server.close(() => resolve(null)) : resolve(null))),
      ),
    );
  }
}

/**
 * @param {number} port
 * @returns {Promise<net.Server>}
 */
function listen(port) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host: loopback, port, exclusive: true }, () => resolve(server));
  });
}

/**
 * @param {number} port
 * @param {number} [timeoutMs]
 * @returns {Promise<boolean>} whether something accepts connections on 127.0.0.1:port
 */
export function canConnect(port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: loopback, port });
    const done = (/** @type {boolean} */ ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Polls `check` until it returns a value other than `undefined`/`false`, or the deadline passes.
 * @template T
 * @param {() => Promise<T | undefined | false>} check
 * @param {{ timeoutMs: number, intervalMs?: number, onTimeout: () => Error }} options
 * @returns {Promise<T>}
 */
export async function waitUntil(check, { timeoutMs, intervalMs = 250, onTimeout }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() >= deadline) throw onTimeout();
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
