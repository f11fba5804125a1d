import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from '@tessera/db';
import type { Logger } from '../logger.js';
import { type ClaimedJob, heartbeat } from './jobs.js';

export interface Heartbeat {
  /** Proof of life from the training code; call it from progress callbacks inside long synchronous fits. */
  alive(): void;
  /** True once a beat found the claim taken over. */
  lost(): boolean;
  stop(): Promise<void>;
}

export interface HeartbeatOptions {
  db: Db;
  /** With a server URL the beats come from a worker thread (see below); without one, from timers. */
  databaseUrl: string | undefined;
  job: ClaimedJob;
  trainerId: string;
  intervalMs: number;
  /** The thread stops beating when the trainer showed no sign of life for this long. */
  livenessMs: number;
  log: Logger;
}

/**
 * Keeps a claimed job's `heartbeat_at` fresh. The typed-array fits are synchronous, so timers on the
 * main thread cannot fire during one; the beats therefore come from a worker thread with its own
 * connection. It beats only while the trainer pings it (`alive()` from fit progress callbacks, plus a
 * main-thread timer whenever the event loop is free) within `livenessMs`, so a hung trainer still goes
 * stale and is recovered, while a long but progressing fit is not.
 */
export function startHeartbeat(options: HeartbeatOptions): Heartbeat {
  return options.databaseUrl ? threadHeartbeat(options, options.databaseUrl) : timerHeartbeat(options);
}

function timerHeartbeat({ db, job, trainerId, intervalMs, log }: HeartbeatOptions): Heartbeat {
  let lost = false;
  const timer = setInterval(() => {
    heartbeat(db, job, trainerId).then(
      (held) => {
        if (!held) lost = true;
      },
      (error: unknown) => log.warn({ err: error, jobId: job.id }, 'heartbeat failed'),
    );
  }, intervalMs);
  return { alive() {}, lost: () => lost, stop: async () => clearInterval(timer) };
}

const THREAD_SOURCE = `
const { parentPort, workerData: w } = require('node:worker_threads');
const pg = require(w.pgPath);
const client = new pg.Client({ connectionString: w.url });
let lastSign = Date.now();
let timer;
const beat = async () => {
  if (Date.now() - lastSign > w.livenessMs) return;
  try {
    await client.query('begin');
    await client.query('set local role tessera_platform');
    const r = await client.query(
      "update training_jobs set heartbeat_at = now() where tenant_id = $1 and id = $2 and status = 'running' and claimed_by = $3 and attempts = $4",
      [w.tenantId, w.jobId, w.trainerId, w.attempt]);
    await client.query('commit');
    if (r.rowCount === 0) parentPort.postMessage('lost');
  } catch (e) {
    await client.query('rollback').catch(() => {});
    parentPort.postMessage('error:' + (e && e.message));
  }
};
parentPort.on('message', (m) => {
  if (m === 'alive') lastSign = Date.now();
  if (m === 'stop') {
    clearInterval(timer);
    client.end().finally(() => parentPort.close());
  }
});
client.on('error', () => {});
client.connect().then(() => { timer = setInterval(beat, w.intervalMs); }, (e) => parentPort.postMessage('error:' + e.message));
`;

function threadHeartbeat(options: HeartbeatOptions, url: string): Heartbeat {
  const { job, trainerId, intervalMs, livenessMs, log } = options;
  const worker = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: {
      pgPath: createRequire(import.meta.url).resolve('pg'),
      url,
      tenantId: job.tenantId,
      jobId: job.id,
      trainerId,
      attempt: job.attempt,
      intervalMs,
      livenessMs,
    },
  });
  let lost = false;
  worker.on('message', (message: string) => {
    if (message === 'lost') lost = true;
    else log.warn({ jobId: job.id, message }, 'heartbeat failed');
  });
  worker.on('error', (error) => log.warn({ err: error, jobId: job.id }, 'heartbeat thread failed'));
  const alive = () => worker.postMessage('alive');
  const ticker = setInterval(alive, Math.max(1, Math.floor(intervalMs / 2)));
  return {
    alive,
    lost: () => lost,
    async stop() {
      clearInterval(ticker);
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 2_000))]);
      await worker.terminate();
    },
  };
}
