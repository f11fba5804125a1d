import { readdirSync, readFileSync } from 'node:fs';
import { queryRows, sql } from '@tessera/db';

/**
 * CPU time by process, read from /proc (the services run on this machine). Benchmarks report CPU
 * per event besides wall time: on a shared two-core machine the wall time depends on whoever else
 * runs, the CPU an event costs each process much less.
 */
const tickMs = 10; // CLK_TCK = 100 on Linux

/** utime + stime of one process in ms, or undefined when it is gone. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * tickMs;
  } catch {
    return undefined;
  }
}

/** CPU ms per server backend of this database. */
export async function backendCpuMs(db: Parameters<typeof queryRows>[0]): Promise<Map<number, number>> {
  const rows = await queryRows<{ pid: number }>(
    db,
    sql`select pid from pg_stat_activity where datname = current_database()`,
  );
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    const ms = processCpuMs(pid);
    if (ms !== undefined) out.set(pid, ms);
  }
  return out;
}

/** Pids of the Kafka brokers on this machine (java processes running kafka.Kafka). */
export function kafkaBrokerPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes('java') && cmdline.includes('kafka.Kafka')) pids.push(Number(entry));
    } catch {}
  }
  return pids;
}

/** Busy CPU ms of the whole machine (all cores): everything but idle and iowait. */
export function machineBusyMs(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) * tickMs;
}

/** Starts a meter; `perEvent(n)` gives µs of CPU per event since then, by process group. */
export async function startCpuMeter(db: Parameters<typeof queryRows>[0]) {
  const brokers = kafkaBrokerPids();
  const sum = (values: (number | undefined)[]) => values.reduce<number>((a, b) => a + (b ?? 0), 0);
  const pgBefore = await backendCpuMs(db);
  const brokerBefore = sum(brokers.map(processCpuMs));
  const nodeBefore = process.cpuUsage();
  const machineBefore = machineBusyMs();
  return {
    async perEvent(events: number) {
      const node = process.cpuUsage(nodeBefore);
      const pgAfter = await backendCpuMs(db);
      let pgMs = 0;
      for (const [pid, ms] of pgAfter) pgMs += ms - (pgBefore.get(pid) ?? 0);
      const us = (ms: number) => Math.round((ms * 1000) / events);
      return {
        worker: Math.round((node.user + node.system) / events),
        postgres: us(pgMs),
        broker: us(sum(brokers.map(processCpuMs)) - brokerBefore),
        machine: us(machineBusyMs() - machineBefore),
      };
    },
  };
}

/**
 * With BENCH_CPU_PROFILE=<file>, profiles this process (V8 sampling profiler) until `stop`, and
 * writes a .cpuprofile (open it in Chrome DevTools); without it, does nothing.
 */
export async function startProfile(): Promise<{ stop(): Promise<void> }> {
  const file = process.env.BENCH_CPU_PROFILE;
  if (!file) return { async stop() {} };
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
