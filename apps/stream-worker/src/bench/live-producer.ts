/**
 * The live phase's producer, in a process of its own, as a real producer (the API, a client's
 * service) would be: on the worker's event loop it delayed the worker, and the worker delayed its
 * ticks. Run by bench/ingest.ts with a LiveSpec as JSON in argv[2]; prints the ISO time each tick
 * was sent as one JSON array on stdout, from which the parent rebuilds the same events for its truth.
 */
import { fileURLToPath } from 'node:url';
import { createKafkaTransport, type EventEnvelope, encodeEvent, eventKey } from '@tessera/events';
import { generateStream, type StreamClock } from '../testing/stream.js';

export interface LiveSpec {
  brokers: string[];
  topic: string;
  ratePerSec: number;
  seconds: number;
  tickMs: number;
  tenantIds: string[];
  users: number;
  items: number;
  clock: StreamClock;
}

/** How many events the live phase sends: whole ticks of `ratePerSec × tickMs` events each. */
export function liveEventCount(spec: LiveSpec): number {
  return Math.round((spec.seconds * 1000) / spec.tickMs) * Math.round((spec.ratePerSec * spec.tickMs) / 1000);
}

/**
 * The live events, tick by tick: `stamp(tick)` gives the time the tick is sent, which becomes
 * each of its events' `ts` and `receivedAt`. The same spec and stamps give the same events.
 */
export async function* liveTicks(
  spec: LiveSpec,
  stamp: (tick: number) => Promise<string> | string,
): AsyncGenerator<EventEnvelope[]> {
  const ticks = Math.round((spec.seconds * 1000) / spec.tickMs);
  const perTick = Math.round((spec.ratePerSec * spec.tickMs) / 1000);
  const stream = generateStream({
    events: liveEventCount(spec),
    tenantIds: spec.tenantIds,
    unknownTenantId: spec.tenantIds[0] as string,
    users: spec.users,
    items: spec.items,
    malformedRate: 0,
    duplicateRate: 0,
    seed: 7,
    clock: spec.clock,
  });
  let sent = 0;
  for (let tick = 0; tick < ticks; tick++) {
    const iso = await stamp(tick);
    const events: EventEnvelope[] = [];
    for (let i = 0; i < perTick; i++) {
      const next = stream.next();
      if (next.done || !next.value.event) continue;
      events.push({ ...next.value.event, eventId: `live-${sent++}`, ts: iso, receivedAt: iso });
    }
    yield events;
  }
}

/** Stands for a tick's send time in the pre-encoded events: an ISO time is always 24 characters. */
const unstamped = '0000-00-00T00:00:00.000Z';

/**
 * One event encoded as it will be sent, with `ts` and `receivedAt` left to stamp: the buffer is
 * what encodeEvent gives for the stamped event once the send time is written at both offsets.
 */
interface Encoded {
  key: string;
  value: Buffer;
  tsAt: number;
  receivedAtAt: number;
}

function preEncode(event: EventEnvelope): Encoded {
  const value = encodeEvent({ ...event, ts: unstamped, receivedAt: unstamped });
  const text = value.toString('latin1');
  const tsAt = text.indexOf(`"ts":"${unstamped}"`) + '"ts":"'.length;
  const receivedAtAt = text.indexOf(`"receivedAt":"${unstamped}"`) + '"receivedAt":"'.length;
  if (tsAt < '"ts":"'.length || receivedAtAt < '"receivedAt":"'.length)
    throw new Error('the live producer could not find the times to stamp in an encoded event');
  return { key: eventKey(event), value, tsAt, receivedAtAt };
}

async function main(spec: LiveSpec): Promise<void> {
  // Every tick's events are generated and encoded before the clock starts, and only stamped with
  // the send time (written into the encoded bytes) and sent on time: generating them on the fly
  // cost this process ~40% of a core at 5,600 events/s, and encoding them ~17% of what was left,
  // taken from the worker, PostgreSQL and the broker it is meant to measure (a real producer, the
  // API or a client's service, runs elsewhere and builds its events there).
  const ticks: Encoded[][] = [];
  for await (const events of liveTicks(spec, () => '')) ticks.push(events.map(preEncode));
  const transport = createKafkaTransport({ brokers: spec.brokers });
  const producer = await transport.producer();
  const cpuBefore = process.cpuUsage();
  // The parent measures the live phase's CPU from here: the ticks are built, the client connected.
  process.stdout.write('sending\n');
  const start = Date.now();
  const stamps: string[] = [];
  const sends: Promise<void>[] = [];
  for (const [tick, events] of ticks.entries()) {
    const due = start + tick * spec.tickMs;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
    const iso = new Date().toISOString();
    if (iso.length !== unstamped.length) throw new Error(`cannot stamp ${iso} over ${unstamped}`);
    stamps.push(iso);
    sends.push(
      producer.send(
        spec.topic,
        events.map(({ key, value, tsAt, receivedAtAt }) => {
          value.write(iso, tsAt, 'latin1');
          value.write(iso, receivedAtAt, 'latin1');
          return { key, value };
        }),
      ),
    );
  }
  await Promise.all(sends);
  await transport.close();
  const sent = ticks.reduce((n, events) => n + events.length, 0);
  const { user, system } = process.cpuUsage(cpuBefore);
  process.stderr.write(
    `[live-producer] ${sent} events sent, ${((user + system) / sent).toFixed(1)} µs CPU per event\n`,
  );
  process.stdout.write(`${JSON.stringify(stamps)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(JSON.parse(process.argv[2] ?? '{}') as LiveSpec).catch((error: unknown) => {
    process.stderr.write(`live producer failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  });
}
