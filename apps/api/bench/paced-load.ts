import net from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface PacedResult {
  /** Requests answered 2xx per second of the run. */
  achievedRps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /**
   * p99 of the requests due in each second of the run, in order: whether a high p99 is one stall
   * (a GC pause, another process taking the cores) or all of the run.
   */
  p99MsBySecond: number[];
  /**
   * p99 of the lead-in's requests (see `leadInSeconds`), reported apart so the lead-in is not
   * hidden; NaN without one.
   */
  leadInP99Ms: number;
  /** Errors count in every second, the lead-in's too. */
  errors: number;
  /** What the errors were: HTTP status codes, or the socket error's code. */
  errorReasons: Record<string, number>;
  /**
   * How late this process's own event loop ran (p99, ms): the generator shares the cores, and a
   * response it reads late counts as latency, so a large figure here is the client's, not the server's.
   */
  generatorLoopDelayP99Ms: number;
  /** The longest such delay (ms): requests due meanwhile went out late, and their wait counts. */
  generatorLoopDelayMaxMs: number;
  /** This generator's own CPU per request (ms): what it took from the cores the server shares. */
  generatorCpuMsPerRequest: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * One keep-alive HTTP/1.1 connection with at most one request outstanding. Requests are written
 * whole and answers read with a minimal parser (status line, Content-Length, body bytes): Node's
 * http client cost ~0.4 ms of CPU per request here, a third of the machine at 1,000 req/s, which
 * the server then lacked. The server answers with Content-Length; anything else is an error.
 */
class Connection {
  private readonly socket: net.Socket;
  private received: Buffer[] = [];
  private receivedBytes = 0;
  private status = 0;
  private headerBytes = -1;
  private bodyBytes = 0;
  private closeAfter = false;
  private done: ((outcome: { status: number } | { error: string }) => void) | undefined;
  closed = false;

  constructor(host: string, port: number) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (error: NodeJS.ErrnoException) =>
      this.finish({ error: error.code ?? error.message }),
    );
    this.socket.on('close', () => {
      this.closed = true;
      this.finish({ error: 'socket closed mid-response' });
    });
  }

  request(bytes: Buffer, done: (outcome: { status: number } | { error: string }) => void): void {
    this.done = done;
    this.received = [];
    this.receivedBytes = 0;
    this.headerBytes = -1;
    this.socket.write(bytes);
  }

  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (!this.done) return;
    this.received.push(chunk);
    this.receivedBytes += chunk.length;
    if (this.headerBytes < 0) {
      const head = this.received.length === 1 ? chunk : Buffer.concat(this.received);
      const end = head.indexOf(HEADER_END);
      if (end < 0) return;
      this.headerBytes = end + HEADER_END.length;
      const text = head.toString('latin1', 0, end);
      this.status = Number(text.slice(9, 12));
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(text);
      this.closeAfter = /\r\nconnection:\s*close/i.test(text);
      if (!length) {
        this.finish({ error: 'response without Content-Length' });
        this.destroy();
        return;
      }
      this.bodyBytes = Number(length[1]);
    }
    if (this.receivedBytes >= this.headerBytes + this.bodyBytes) {
      this.finish({ status: this.status });
      if (this.closeAfter) this.destroy();
    }
  }

  private finish(outcome: { status: number } | { error: string }): void {
    const done = this.done;
    this.done = undefined;
    done?.(outcome);
  }
}

/**
 * An offered load in the queueing sense: request i is due at start + i/rate, and is sent then
 * whether or not earlier ones have been answered (open loop: an idle keep-alive connection, or a
 * new one). Latency is counted from the due time, not the send, so a client that fell behind
 * cannot hide the wait (coordinated omission). autocannon's `overallRate` instead lets each of its
 * connections send its whole per-second quota back to back and then idle, which measures bursts.
 */
export async function pacedLoad(options: {
  url: string;
  headers: Record<string, string>;
  body: () => string;
  ratePerSec: number;
  /** Seconds measured, after the lead-in. */
  seconds: number;
  /**
   * Seconds at the same rate before the measured ones, whose latencies are not counted (as wrk2's
   * calibration period): the phase before this one (a flat-out run) leaves the server a collection
   * due and the generator's connections are opened, which is the switch of phases, not serving at
   * this rate.
   */
  leadInSeconds?: number;
}): Promise<PacedResult> {
  const target = new URL('/graphql', options.url);
  const host = target.hostname;
  const port = Number(target.port);
  const head = [
    `POST ${target.pathname} HTTP/1.1`,
    `host: ${target.host}`,
    ...Object.entries(options.headers).map(([name, value]) => `${name}: ${value}`),
  ].join('\r\n');
  const idle: Connection[] = [];
  const all: Connection[] = [];
  const latencies: number[] = [];
  const leadInLatencies: number[] = [];
  const bySecond: number[][] = [];
  let errors = 0;
  const errorReasons: Record<string, number> = {};
  const failed = (reason: string) => {
    errors += 1;
    errorReasons[reason] = (errorReasons[reason] ?? 0) + 1;
  };
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const body = Buffer.from(options.body());
      const bytes = Buffer.concat([Buffer.from(`${head}\r\ncontent-length: ${body.length}\r\n\r\n`), body]);
      let connection = idle.pop();
      while (connection?.closed) connection = idle.pop();
      if (!connection) {
        connection = new Connection(host, port);
        all.push(connection);
      }
      const used = connection;
      used.request(bytes, (outcome) => {
        if ('error' in outcome) failed(outcome.error);
        else if (outcome.status !== 200) failed(`HTTP ${outcome.status}`);
        else if (due < measuredFrom) leadInLatencies.push(performance.now() - due);
        else {
          const latency = performance.now() - due;
          latencies.push(latency);
          const second = Math.floor((due - measuredFrom) / 1000);
          const values = bySecond[second] ?? [];
          values.push(latency);
          bySecond[second] = values;
        }
        if (!used.closed && !('error' in outcome)) idle.push(used);
        resolve();
      });
    });

  const leadIn = Math.round(options.ratePerSec * (options.leadInSeconds ?? 0));
  const total = leadIn + Math.round(options.ratePerSec * options.seconds);
  const intervalMs = 1000 / options.ratePerSec;
  const pending: Promise<void>[] = [];
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const measuredFrom = start + leadIn * intervalMs;
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
  const elapsedSec = (performance.now() - measuredFrom) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  for (const connection of all) connection.destroy();
  loopDelay.disable();
  const ascending = (values: number[]) => values.sort((a, b) => a - b);
  const quantile = (q: number, sorted = latencies) =>
    Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN).toFixed(1));
  ascending(latencies);
  ascending(leadInLatencies);
  return {
    achievedRps: Math.round(latencies.length / elapsedSec),
    p50Ms: quantile(0.5),
    p99Ms: quantile(0.99),
    maxMs: quantile(1),
    p99MsBySecond: Array.from(bySecond, (values = []) => quantile(0.99, ascending(values))),
    leadInP99Ms: quantile(0.99, leadInLatencies),
    errors,
    errorReasons,
    generatorLoopDelayP99Ms: Number((loopDelay.percentile(99) / 1e6).toFixed(1)),
    generatorLoopDelayMaxMs: Number((loopDelay.max / 1e6).toFixed(1)),
    generatorCpuMsPerRequest: Number(((cpu.user + cpu.system) / 1000 / Math.max(1, total)).toFixed(3)),
  };
}
