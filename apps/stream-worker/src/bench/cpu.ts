import { readdirSync, readFileSync } from 'node:fs';
import { queryRows, sql } from '@tessera/db';

/**
 * CPU time by process, read from /proc (the services run on this machine). Benchmarks report CPU
 * per event besides wall time: on a shared two-core machine the wall time depends on whoever else
 * runs, the CPU an event costs each process much less.
 */
const tickMs = 10; // CLK_TCK = 100 on Linux

function statFields(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  } catch {
    return undefined;
  }
}

/** utime + stime of one process in ms, or undefined when it is gone. */
export function processCpuMs(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields ? (Number(fields[11]) + Number(fields[12])) * tickMs : undefined;
}

/**
 * CPU ms of the whole PostgreSQL server this connection talks to: the postmaster, every live
 * child (backends, WAL writer, checkpointer, autovacuum) and, through the postmaster's
 * cutime/cstime, every child that has exited. Per-backend sums lose the pool's connections that
 * close while a run goes on.
 */
export async function postgresServerCpuMs(db: Parameters<typeof queryRows>[0]): Promise<number> {
  const [row] = await queryRows<{ pid: number }>(db, sql`select pg_backend_pid() as pid`);
  const postmaster = Number(statFields(Number(row?.pid))?.[1]);
  const own = statFields(postmaster);
  if (!own) return 0;
  let ms = (Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14])) * tickMs;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields && Number(fields[1]) === postmaster) ms += (Number(fields[11]) + Number(fields[12])) * tickMs;
  }
  return ms;
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
  const pgBefore = await postgresServerCpuMs(db);
  const brokerBefore = sum(brokers.map(processCpuMs));
  const nodeBefore = process.cpuUsage();
  const machineBefore = machineBusyMs();
  return {
    async perEvent(events: number) {
      const node = process.cpuUsage(nodeBefore);
      const pgMs = (await postgresServerCpuMs(db)) - pgBefore;
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
 * writes a .cpuprofile (open it in Chrome DevTools); with BENCH_HEAP_PROFILE=<file>, samples its
 * allocations (one sample per 32 KiB allocated, kept whether or not collected since) and writes a
 * .heapprofile; without either, does nothing.
 */
export async function startProfile(): Promise<{ stop(): Promise<void> }> {
  const cpuFile = process.env.BENCH_CPU_PROFILE;
  const heapFile = process.env.BENCH_HEAP_PROFILE;
  if (!cpuFile && !heapFile) return { async stop() {} };
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  if (cpuFile) {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  if (heapFile) {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 32_768,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
  return {
    async stop() {
      if (cpuFile) writeFileSync(cpuFile, JSON.stringify((await session.post('Profiler.stop')).profile));
      if (heapFile)
        writeFileSync(heapFile, JSON.stringify((await session.post('HeapProfiler.stopSampling')).profile));
      session.disconnect();
    },
  };
}
