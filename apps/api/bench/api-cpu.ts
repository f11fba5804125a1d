/**
 * CPU accounting for bench:api (Linux /proc; NaN elsewhere): where the machine's two cores went
 * during a run — the API server, PostgreSQL, the load generator (this process) and the whole
 * machine, which also counts Kafka and anything else running beside the bench.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 1000 / 100;

function statFields(path: string): string[] | null {
  try {
    return readFileSync(path, 'utf8').split(') ')[1]!.split(' ');
  } catch {
    return null;
  }
}

/** utime + stime of a process (or only its main thread), in milliseconds. */
export function processCpuMs(pid: number | undefined, mainThread = false): number {
  const fields = statFields(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`);
  return fields ? (Number(fields[11]) + Number(fields[12])) * TICK_MS : Number.NaN;
}

/** A process's peak resident memory (VmHWM) in MiB; NaN where /proc cannot tell. */
export function peakRssMb(pid: number | undefined): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? Number.NaN : Math.round(Number(kb) / 1024);
  } catch {
    return Number.NaN;
  }
}

/**
 * Every PostgreSQL process on the machine: the postmasters' own and reaped children's time
 * (cutime + cstime) plus each live backend's, so connections that close mid-run still count.
 */
export function postgresCpuMs(): number {
  let uid: string | undefined;
  try {
    uid = /^postgres:x:(\d+):/m.exec(readFileSync('/etc/passwd', 'utf8'))?.[1];
  } catch {
    return Number.NaN;
  }
  if (uid === undefined) return Number.NaN;
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let owner: string | undefined;
    try {
      owner = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
    } catch {
      continue;
    }
    if (owner !== uid) continue;
    const fields = statFields(`/proc/${entry}/stat`);
    if (!fields) continue;
    total += Number(fields[11]) + Number(fields[12]);
    // Reaped children accrue to their parent: count them for the postmasters (parent = init).
    if (fields[1] === '1') total += Number(fields[13]) + Number(fields[14]);
  }
  return total * TICK_MS;
}

/** Kafka brokers on this machine (Java processes running kafka.Kafka), in milliseconds. */
export function kafkaCpuMs(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmdline.includes('kafka.Kafka')) continue;
    const fields = statFields(`/proc/${entry}/stat`);
    if (fields) total += Number(fields[11]) + Number(fields[12]);
  }
  return total * TICK_MS;
}

/** Busy time of all cores together (everything but idle and iowait), in milliseconds. */
export function machineCpuMs(): number {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const busy = cpu.reduce((sum, v) => sum + v, 0) - cpu[3]! - cpu[4]!;
    return busy * TICK_MS;
  } catch {
    return Number.NaN;
  }
}

/** This process (the autocannon load generator runs in it), in milliseconds. */
export function selfCpuMs(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

/** CPU of each thread of a process by thread id, in milliseconds (Node names them all "node"). */
export function threadCpuMs(pid: number | undefined): Map<string, number> {
  const out = new Map<string, number>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    const fields = statFields(`/proc/${pid}/task/${tid}/stat`);
    if (fields) out.set(tid, (Number(fields[11]) + Number(fields[12])) * TICK_MS);
  }
  return out;
}

/** The busiest threads other than the main one between two `threadCpuMs` readings, per request. */
export function busiestOtherThreads(
  pid: number | undefined,
  before: Map<string, number>,
  after: Map<string, number>,
  requests: number,
  top = 4,
): number[] {
  return [...after]
    .filter(([tid]) => tid !== String(pid))
    .map(([tid, ms]) => (ms - (before.get(tid) ?? 0)) / Math.max(1, requests))
    .sort((a, b) => b - a)
    .slice(0, top)
    .map((v) => Number(v.toFixed(3)));
}

/** prom-client's event-loop monitor samples every 10 ms; each sample is that interval plus the delay. */
const LOOP_MONITOR_RESOLUTION_MS = 10;

/**
 * How late the server's event loop ran since the previous scrape of `/metrics` (prom-client's
 * default metrics read Node's delay monitor and reset it on every scrape), the monitor's own
 * 10 ms interval taken off: how long requests waited for the loop, which the server's own request
 * timing does not include.
 */
export async function serverLoopDelayMs(url: string): Promise<{ p99: number; max: number }> {
  const text = await fetch(`${url}/metrics`).then((r) => r.text());
  const lateMs = (name: string) => {
    const seconds = Number(
      new RegExp(`^tessera_api_nodejs_eventloop_lag_${name}_seconds (\\S+)$`, 'm').exec(text)?.[1] ??
        Number.NaN,
    );
    return Number(Math.max(0, seconds * 1000 - LOOP_MONITOR_RESOLUTION_MS).toFixed(1));
  };
  return { p99: lateMs('p99'), max: lateMs('max') };
}

/** Cumulative counts of the server's `/graphql` latency histogram by upper bound (seconds). */
export async function serverLatencyBuckets(url: string): Promise<Map<number, number>> {
  const text = await fetch(`${url}/metrics`).then((r) => r.text());
  const out = new Map<number, number>();
  const line = /^tessera_api_request_seconds_bucket\{le="([^"]+)",route="\/graphql"\} (\S+)$/gm;
  for (const m of text.matchAll(line)) out.set(m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[2]));
  return out;
}

/**
 * The bucket bound (ms) under which `q` of the requests between two readings finished, as the
 * server timed them (from reading the request to the response's end): beside the load generator's
 * figure, it tells time in the server from time queued in the kernel or the generator.
 */
export function serverLatencyQuantileMs(
  before: Map<number, number>,
  after: Map<number, number>,
  q: number,
): number {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  for (const bound of bounds) {
    if ((after.get(bound) ?? 0) - (before.get(bound) ?? 0) >= q * total) return bound * 1000;
  }
  return Number.NaN;
}
