/**
 * The worker's visible progress: distinct events stored (rows of `event_keys`, the dedup ledger
 * the worker writes in the same transaction as `events`), sampled every second next to what the
 * clients had acknowledged, with a rate line on stderr every ten seconds.
 */
import { connect, queryRows, sql, withPlatform } from '@tessera/db';
import type { Ledger } from './ledger.js';

export interface Sample {
  at: number;
  /** undefined while PostgreSQL does not answer. */
  stored: number | undefined;
  acked: number;
}

export interface ProgressWatch {
  samples: Sample[];
  latestStored(): number;
  stop(): Promise<void>;
}

export async function watchProgress(
  databaseUrl: string,
  ledger: Ledger,
  log: (line: string) => void,
): Promise<ProgressWatch> {
  const connection = await connect({ url: databaseUrl, poolSize: 1 });
  const samples: Sample[] = [];
  let latest = 0;
  let stopped = false;
  let lastLog = { at: Date.now(), stored: 0, acked: 0 };
  const sample = async () => {
    const at = Date.now();
    const stored = await withPlatform(connection.db, (tx) =>
      queryRows<{ n: number }>(tx, sql`select count(*)::int as n from event_keys`),
    ).then(
      (rows) => rows[0]?.n,
      () => undefined,
    );
    if (stored !== undefined) latest = stored;
    samples.push({ at, stored, acked: ledger.distinct });
    if (at - lastLog.at >= 10_000) {
      const seconds = (at - lastLog.at) / 1000;
      const storedRate = Math.round((latest - lastLog.stored) / seconds);
      const ackedRate = Math.round((ledger.distinct - lastLog.acked) / seconds);
      log(
        `acked ${ledger.distinct}/${ledger.total} (${ackedRate}/s), stored ${latest} (${storedRate}/s), lag ${ledger.distinct - latest}`,
      );
      lastLog = { at, stored: latest, acked: ledger.distinct };
    }
  };
  const loop = (async () => {
    while (!stopped) {
      const started = Date.now();
      await sample();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (Date.now() - started))));
    }
  })();
  return {
    samples,
    latestStored: () => latest,
    async stop() {
      stopped = true;
      await loop;
      await connection.close();
    },
  };
}

/**
 * Recovery after a fault: seconds from its repair until the stored count reaches what the clients
 * had acknowledged at the repair (the worker caught up with everything sent before it), read
 * from the 1 s samples. Also the first sample after the repair at which the count rose again.
 */
export function recoveryAfter(samples: Sample[], repairAt: number, ackedAtRepair: number) {
  const after = samples.filter((s) => s.at >= repairAt && s.stored !== undefined);
  const base = after[0]?.stored ?? 0;
  const caughtUp = after.find((s) => (s.stored ?? 0) >= ackedAtRepair);
  const resumed = after.find((s) => (s.stored ?? 0) > base);
  const seconds = (s: Sample | undefined) => (s ? Number(((s.at - repairAt) / 1000).toFixed(1)) : null);
  return { recoverySeconds: seconds(caughtUp), resumeSeconds: seconds(resumed) };
}
