import { Worker } from 'node:worker_threads';
import type { EventEnvelope, EventPublisher, EventPublisherConfig } from '@tessera/events';

interface Pending {
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * An `EventPublisher` whose encoding and sending run on a worker thread (exposure-worker.ts), so
 * the request thread only pays for one JSON.stringify per batch. A worker that dies fails what it
 * held (the exposure queue retries it) and is started again on the next publish.
 */
export function createThreadedPublisher(config: EventPublisherConfig): EventPublisher {
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

  const send = (message: { json?: string; close?: boolean }): Promise<void> =>
    new Promise((resolve, reject) => {
      worker ??= start();
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...message });
    });

  return {
    publish(envelopes: EventEnvelope[]) {
      return envelopes.length === 0 ? Promise.resolve() : send({ json: JSON.stringify(envelopes) });
    },
    async close() {
      if (!worker) return;
      const closing = worker;
      await send({ close: true });
      await closing.terminate();
    },
  };
}
