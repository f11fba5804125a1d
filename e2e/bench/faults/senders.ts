/**
 * The two producers of the run, paced together at `rate` events/s: even blocks through
 * `POST /v1/events`, odd blocks straight to Kafka with the kafkajs producer of @tessera/events.
 * A block is retried with the same event ids until it is acknowledged (idempotent by eventId);
 * errors are counted by whether a dependency was down at the time.
 */
import {
  createKafkaTransport,
  EVENTS_TOPIC,
  encodeEvent,
  eventKey,
  type OutgoingMessage,
  type TransportProducer,
  validateClientEvent,
} from '@tessera/events';
import { blockSeqs, blockTenant, clientEvent, specAt, type Universe } from './events.js';
import type { ClientStats, Ledger } from './ledger.js';
import { malformedMessage } from './malformed.js';

export interface SenderOptions {
  universe: Universe;
  ledger: Ledger;
  stats: ClientStats;
  rate: number;
  apiUrl: string;
  /** Ingest API key per tenant index. */
  apiKeys: string[];
  tenantIds: string[];
  kafkaBrokers: string[];
  malformed: number;
  /**
   * Counts a client error against the dependency fault (broker, PostgreSQL) that was down or had
   * just come back at one of these instants; false when none was.
   */
  countFaultError: (what: string, ...instants: number[]) => boolean;
  log: (line: string) => void;
  lanesPerPath?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A block that is still refused after this long stops the run: something is broken, not faulty. */
const giveUpMs = 300_000;

export async function sendAll(options: SenderOptions): Promise<void> {
  const { ledger, rate } = options;
  const blocks = Math.ceil(ledger.total / 250);
  const startedAt = Date.now();
  let queued = 0;
  const next = { api: 0, kafka: 1 };
  // Pacing is shared by both paths: block i may start once i·blockSize/rate seconds have passed.
  const take = async (path: 'api' | 'kafka') => {
    const block = next[path];
    if (block >= blocks) return undefined;
    next[path] += 2;
    const dueMs = startedAt + (queued / rate) * 1000;
    queued += 250;
    await sleep(dueMs - Date.now());
    return block;
  };
  const transport = createKafkaTransport({ brokers: options.kafkaBrokers, clientId: 'faults-harness' });
  let producer: Promise<TransportProducer> | undefined;
  const kafkaEvery = Math.max(1, Math.floor(blocks / 2 / options.malformed));
  const lanes = options.lanesPerPath ?? 3;
  try {
    const apiLanes = Array.from({ length: lanes }, async () => {
      for (let block = await take('api'); block !== undefined; block = await take('api'))
        await sendApiBlock(block, options);
    });
    const kafkaLanes = Array.from({ length: lanes }, async () => {
      for (let block = await take('kafka'); block !== undefined; block = await take('kafka')) {
        const ordinal = (block - 1) / 2;
        const malformed =
          ordinal % kafkaEvery === 0 && ordinal / kafkaEvery < options.malformed
            ? ordinal / kafkaEvery
            : undefined;
        await sendKafkaBlock(block, malformed, options, async (messages) => {
          producer ??= transport.producer();
          try {
            await (await producer).send(EVENTS_TOPIC, messages);
          } catch (error) {
            // A producer that failed may hold a stale sequence state: start over with a fresh one.
            const failed = producer;
            producer = undefined;
            await failed.then((p) => p.close()).catch(() => {});
            throw error;
          }
        });
      }
    });
    await Promise.all([...apiLanes, ...kafkaLanes]);
  } finally {
    await transport.close().catch(() => {});
  }
}

async function sendApiBlock(block: number, options: SenderOptions): Promise<void> {
  const { universe, stats } = options;
  const seqs = blockSeqs(block, options.ledger.total);
  const tenant = blockTenant(block, universe);
  const body: Record<string, unknown>[] = seqs.map((seq) => clientEvent(specAt(seq, universe)));
  // Every tenth request carries one invalid event: the API must refuse it alone, with a code.
  const withInvalid = (block / 2) % 10 === 0;
  if (withInvalid)
    body.push({
      eventId: `bad-api-${block}`,
      type: 'rating',
      userId: 'u0',
      itemId: 'i0',
      props: { rating: 9 },
    });
  const payload = JSON.stringify(body);
  const firstTry = Date.now();
  for (let attempt = 0; ; attempt += 1) {
    const sentAt = Date.now();
    if (sentAt - firstTry > giveUpMs)
      throw new Error(`API block ${block} not accepted after ${giveUpMs / 1000} s`);
    stats.apiRequests += 1;
    let response: Response;
    try {
      response = await fetch(`${options.apiUrl}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKeys[tenant]}` },
        body: payload,
        signal: AbortSignal.timeout(60_000),
      });
    } catch (error) {
      if (options.countFaultError('apiNetworkErrors', sentAt, Date.now()))
        stats.apiNetworkErrorsInFaultWindow += 1;
      else stats.apiNetworkErrors += 1;
      options.log(`API request failed (${(error as Error).message}); retrying block ${block}`);
      await sleep(Math.min(5000, 250 * 2 ** attempt));
      continue;
    }
    const text = await response.text();
    if (response.status === 429) {
      stats.apiRateLimited += 1;
      await sleep(1000 * Number(response.headers.get('retry-after') ?? 1));
      continue;
    }
    if (response.status >= 500) {
      const inWindow = options.countFaultError(`api${response.status}`, sentAt, Date.now());
      if (inWindow) stats.apiErrors5xxInFaultWindow += 1;
      else stats.apiErrors5xx += 1;
      if (!inWindow || stats.apiErrors5xxInFaultWindow % 20 === 1)
        options.log(`API ${response.status}${inWindow ? ' (dependency down)' : ''}: ${text.slice(0, 200)}`);
      await sleep(Math.min(5000, 250 * 2 ** attempt));
      continue;
    }
    if (response.status !== 200) throw new Error(`API answered ${response.status}: ${text.slice(0, 500)}`);
    const answer = JSON.parse(text) as {
      results: { eventId: string | null; status: string; code: string | null }[];
    };
    const accepted: number[] = [];
    answer.results.forEach((result, index) => {
      const expectedBad = withInvalid && index === seqs.length;
      if (result.status === 'ACCEPTED' && !expectedBad) accepted.push(seqs[index] as number);
      else if (expectedBad && result.status === 'REJECTED' && result.code === 'INVALID_FIELD')
        stats.apiRejectedAsExpected += 1;
      else {
        stats.apiRejectedUnexpected += 1;
        options.log(`API answered unexpectedly for ${result.eventId}: ${result.status} ${result.code}`);
      }
    });
    options.ledger.ack(accepted);
    return;
  }
}

async function sendKafkaBlock(
  block: number,
  malformed: number | undefined,
  options: SenderOptions,
  send: (messages: OutgoingMessage[]) => Promise<void>,
): Promise<void> {
  const { universe, stats } = options;
  const seqs = blockSeqs(block, options.ledger.total);
  const tenantId = options.tenantIds[blockTenant(block, universe)] as string;
  const messages: OutgoingMessage[] = seqs.map((seq) => {
    // The envelope a direct producer writes: validated and stamped the way the API stamps it.
    const outcome = validateClientEvent(clientEvent(specAt(seq, universe)), { tenantId, now: new Date() });
    if (!outcome.ok) throw new Error(`generated event ${seq} is invalid: ${outcome.code} ${outcome.message}`);
    return { key: eventKey(outcome.event), value: encodeEvent(outcome.event) };
  });
  if (malformed !== undefined)
    messages.splice(messages.length >> 1, 0, malformedMessage(malformed, tenantId, Date.now()));
  const firstTry = Date.now();
  for (let attempt = 0; ; attempt += 1) {
    const sentAt = Date.now();
    if (sentAt - firstTry > giveUpMs)
      throw new Error(`Kafka block ${block} not acked after ${giveUpMs / 1000} s`);
    stats.kafkaSends += 1;
    try {
      await send(messages);
      break;
    } catch (error) {
      const inWindow = options.countFaultError('kafkaSendErrors', sentAt, Date.now());
      if (inWindow) stats.kafkaSendErrorsInFaultWindow += 1;
      else stats.kafkaSendErrors += 1;
      options.log(`Kafka send failed${inWindow ? ' (dependency down)' : ''}: ${(error as Error).message}`);
      await sleep(Math.min(5000, 250 * 2 ** attempt));
    }
  }
  if (malformed !== undefined) stats.malformedSent += 1;
  options.ledger.ack(seqs);
}
