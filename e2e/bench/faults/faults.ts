/**
 * The faults of a run, injected one after the other once the clients have acknowledged a given
 * share of the events and the previous fault has recovered: three SIGKILLs of the worker, a
 * second worker joining and leaving (two rebalances), one broker SIGKILLed and restarted, one
 * PostgreSQL restart. Each records when it began, when it was repaired and what was acknowledged
 * at the repair, from which its recovery time is read afterwards.
 */
import type { Ledger } from './ledger.js';
import { brokerCount, infra } from './services.js';

export type FaultKind =
  | 'worker-sigkill'
  | 'worker-join'
  | 'worker-leave'
  | 'broker-sigkill'
  | 'postgres-restart';

export interface FaultRecord {
  kind: FaultKind;
  /** Share of the events acknowledged when it was injected. */
  atShare: number;
  startedAt: number;
  repairedAt: number;
  ackedAtRepair: number;
  /** Only broker and PostgreSQL faults take a dependency of the API away. */
  dependency: boolean;
  detail?: string;
  /** Client errors while this fault's window was open (retried; none of them loses an event). */
  clientErrors: Record<string, number>;
}

export interface WorkerControl {
  /** SIGKILLs the primary worker and starts its replacement; resolves at the restart. */
  killPrimary(): Promise<void>;
  startSecondary(): Promise<void>;
  /** SIGTERM to the second worker; resolves when it has exited. */
  stopSecondary(): Promise<void>;
}

export const schedule: [number, FaultKind][] = [
  [0.1, 'worker-sigkill'],
  [0.2, 'worker-join'],
  [0.3, 'worker-sigkill'],
  [0.4, 'worker-leave'],
  [0.5, 'broker-sigkill'],
  [0.65, 'postgres-restart'],
  [0.8, 'worker-sigkill'],
];

/** Grace after a dependency is back during which API errors still count as "while it was down". */
export const faultWindowGraceMs = 10_000;

export class FaultLog {
  readonly records: FaultRecord[] = [];
  private open: { startedAt: number; clientErrors: Record<string, number> } | undefined;

  /** The dependency fault whose window holds this instant: the one open now, or one repaired moments ago. */
  windowAt(atMs: number): { clientErrors: Record<string, number> } | undefined {
    if (this.open && atMs >= this.open.startedAt) return this.open;
    return this.records.find(
      (r) => r.dependency && atMs >= r.startedAt && atMs <= r.repairedAt + faultWindowGraceMs,
    );
  }

  /** Counts a client error against the fault whose window it fell in; false when none was open. */
  countError(what: string, ...instants: number[]): boolean {
    const fault = instants.map((at) => this.windowAt(at)).find(Boolean);
    if (!fault) return false;
    fault.clientErrors[what] = (fault.clientErrors[what] ?? 0) + 1;
    return true;
  }

  async run(
    kind: FaultKind,
    atShare: number,
    ledger: Ledger,
    action: () => Promise<string | undefined>,
  ): Promise<FaultRecord> {
    const dependency = kind === 'broker-sigkill' || kind === 'postgres-restart';
    const startedAt = Date.now();
    const clientErrors: Record<string, number> = {};
    if (dependency) this.open = { startedAt, clientErrors };
    try {
      const detail = await action();
      const record: FaultRecord = {
        kind,
        atShare,
        startedAt,
        repairedAt: Date.now(),
        ackedAtRepair: ledger.distinct,
        dependency,
        ...(detail ? { detail } : {}),
        clientErrors,
      };
      this.records.push(record);
      return record;
    } finally {
      this.open = undefined;
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One fault's action; resolves at its repair. */
export async function inject(
  kind: FaultKind,
  workers: WorkerControl,
  root: string,
  options: { brokerDownMs: number; postgresDownMs: number },
  log: (line: string) => void,
): Promise<string | undefined> {
  const services = await infra();
  switch (kind) {
    case 'worker-sigkill':
      await workers.killPrimary();
      return undefined;
    case 'worker-join':
      await workers.startSecondary();
      return undefined;
    case 'worker-leave':
      await workers.stopSecondary();
      return undefined;
    case 'broker-sigkill': {
      const status = await services.status({ root });
      const victim = status.kafka.nodes.find((node) => node.nodeId === 2 && node.running);
      if (!victim?.pid) throw new Error('broker node 2 is not running');
      process.kill(victim.pid, 'SIGKILL');
      log(
        `fault: broker node 2 (pid ${victim.pid}) killed; restarting it in ${options.brokerDownMs / 1000} s`,
      );
      await sleep(options.brokerDownMs);
      await services.up({ root, postgres: false, brokers: brokerCount });
      return `node 2 down ${options.brokerDownMs / 1000} s, then restarted`;
    }
    case 'postgres-restart': {
      await services.down({ root, kafka: false });
      log(`fault: PostgreSQL stopped; starting it again in ${options.postgresDownMs / 1000} s`);
      await sleep(options.postgresDownMs);
      await services.up({ root, kafka: false });
      return `fast shutdown, down ${options.postgresDownMs / 1000} s`;
    }
  }
}
