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

async function main(spec: LiveSpec): Promise<void> {
  // Every tick's events are generated before the clock starts, and only stamped and encoded on
  // time: generating them on the fly cost this process ~40% of a core at 5,600 events/s, taken
  // from the worker, PostgreSQL and the broker it is meant to measure (a real producer, the API or
  // a client's service, runs elsewhere and has its events already).
  const ticks: EventEnvelope[][] = [];
  for await (const events of liveTicks(spec, () => '')) ticks.push(events);
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
    stamps.push(iso);
    sends.push(
      producer.send(
        spec.topic,
        events.map((event) => {
          const stamped = { ...event, ts: iso, receivedAt: iso };
          return { key: eventKey(stamped), value: encodeEvent(stamped) };
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
