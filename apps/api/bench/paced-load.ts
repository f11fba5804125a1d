import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface PacedResult {
  /** Requests answered 2xx per second of the run. */
  achievedRps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  /** What the errors were: HTTP status codes, or the socket error's code. */
  errorReasons: Record<string, number>;
  /**
   * How late this process's own event loop ran (p99, ms): the generator shares the cores, and a
   * response it reads late counts as latency, so a large figure here is the client's, not the server's.
   */
  generatorLoopDelayP99Ms: number;
}

/**
 * An offered load in the queueing sense: request i is due at start + i/rate, and is sent then
 * whether or not earlier ones have been answered (open loop, a keep-alive pool that opens sockets
 * as needed). Latency is counted from the due time, not the send, so a client that fell behind
 * cannot hide the wait (coordinated omission). autocannon's `overallRate` instead lets each of its
 * connections send its whole per-second quota back to back and then idle, which measures bursts.
 */
export async function pacedLoad(options: {
  url: string;
  headers: Record<string, string>;
  body: () => string;
  ratePerSec: number;
  seconds: number;
}): Promise<PacedResult> {
  const target = new URL('/graphql', options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const latencies: number[] = [];
  let errors = 0;
  const errorReasons: Record<string, number> = {};
  const failed = (reason: string) => {
    errors += 1;
    errorReasons[reason] = (errorReasons[reason] ?? 0) + 1;
  };
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const body = options.body();
      const request = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          agent,
          headers: { ...options.headers, 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            if (response.statusCode === 200) latencies.push(performance.now() - due);
            else failed(`HTTP ${response.statusCode}`);
            resolve();
          });
        },
      );
      request.on('error', (error: NodeJS.ErrnoException) => {
        failed(error.code ?? error.message);
        resolve();
      });
      request.end(body);
    });

  const total = Math.round(options.ratePerSec * options.seconds);
  const intervalMs = 1000 / options.ratePerSec;
  const pending: Promise<void>[] = [];
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const start = performance.now();
  for (let sent = 0; sent < total; ) {
    const now = performance.now();
    while (sent < total && start + sent * intervalMs <= now) {
      pending.push(send(start + sent * intervalMs));
      sent += 1;
    }
    // A 1 ms timer, not a spin: the load generator shares the 2 cores with the server.
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  const elapsedSec = (performance.now() - start) / 1000;
  agent.destroy();
  loopDelay.disable();
  latencies.sort((a, b) => a - b);
  const quantile = (q: number) =>
    Number(
      (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN).toFixed(1),
    );
  return {
    achievedRps: Math.round(latencies.length / elapsedSec),
    p50Ms: quantile(0.5),
    p99Ms: quantile(0.99),
    maxMs: quantile(1),
    errors,
    errorReasons,
    generatorLoopDelayP99Ms: Number((loopDelay.percentile(99) / 1e6).toFixed(1)),
  };
}
