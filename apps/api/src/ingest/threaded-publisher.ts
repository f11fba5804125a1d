import { Worker } from 'node:worker_threads';
import {
  type EventEnvelope,
  type EventPublisher,
  type EventPublisherConfig,
  eventKey,
} from '@tessera/events';
import type { EncodedExposure } from './exposure.js';

/** An `EventPublisher` that also takes exposures already written as wire JSON (`encodeExposure`). */
export interface ExposurePublisher extends EventPublisher {
  publishEncoded(batch: readonly EncodedExposure[]): Promise<void>;
}

export function isExposurePublisher(publisher: EventPublisher): publisher is ExposurePublisher {
  return typeof (publisher as Partial<ExposurePublisher>).publishEncoded === 'function';
}

/** Ids and JSON never hold a raw NUL (ids are checked for it; JSON escapes it), so it separates them. */
export const SEPARATOR = '\u0000';

/** What the worker gets: a batch's keys and JSON values each joined into one string. */
export interface ToExposureWorker {
  id: number;
  keys?: string;
  values?: string;
  close?: boolean;
}

interface Pending {
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * An exposure publisher whose Kafka encoding and sending run on a worker thread
 * (exposure-worker.ts), so the request thread only joins each batch's strings into two: a message
 * of two flat strings is copied, not walked, by postMessage, and the worker sends the JSON as it
 * came (no parse and re-stringify). A worker that dies fails what it held (the exposure queue
 * retries it) and is started again on the next publish.
 */
export function createThreadedPublisher(config: EventPublisherConfig): ExposurePublisher {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, Pending>();

  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  const start = (): Worker => {
    // Built code runs the .js beside this file; tests and tsx runs load the TypeScript source
    // through tsx's loader, registered inside the worker (a worker does not inherit it).
    const entry = new URL(
      `./exposure-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`,
      import.meta.url,
    );
    const started = entry.pathname.endsWith('.ts')
      ? new Worker(
          `(async () => { (await import('tsx/esm/api')).register(); await import(${JSON.stringify(entry.href)}); })()`,
          { eval: true, workerData: config, execArgv: ['--conditions=@tessera/source'] },
        )
      : new Worker(entry, { workerData: config });
    started.on('message', (reply: { id: number; ok: boolean; error?: string }) => {
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.ok) p?.resolve();
      else p?.reject(new Error(reply.error ?? 'exposure publish failed'));
    });
    started.on('error', (error) => failAll(error));
    started.on('exit', (code) => {
      if (worker === started) worker = undefined;
      failAll(new Error(`exposure worker exited with code ${code}`));
    });
    started.unref();
    return started;
  };

  const send = (message: Omit<ToExposureWorker, 'id'>): Promise<void> =>
    new Promise((resolve, reject) => {
      worker ??= start();
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...message });
    });

  const publishEncoded = (batch: readonly EncodedExposure[]): Promise<void> => {
    if (batch.length === 0) return Promise.resolve();
    let keys = batch[0]!.key;
    let values = batch[0]!.json;
    for (let i = 1; i < batch.length; i++) {
      keys += SEPARATOR + batch[i]!.key;
      values += SEPARATOR + batch[i]!.json;
    }
    return send({ keys, values });
  };

  return {
    publishEncoded,
    publish(envelopes: EventEnvelope[]) {
      return publishEncoded(envelopes.map((e) => ({ key: eventKey(e), json: JSON.stringify(e) })));
    },
    async close() {
      if (!worker) return;
      const closing = worker;
      await send({ close: true });
      await closing.terminate();
    },
  };
}
