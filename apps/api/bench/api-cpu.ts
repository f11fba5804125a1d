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
