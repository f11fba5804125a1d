import type { IncomingMessage } from 'node:http';
import { ErrorCodes, TesseraError } from '@tessera/errors';
import type { Caller } from '../auth/caller.js';
import { authorize } from '../auth/caller.js';
import { type EventResult, MAX_EVENTS_PER_REQUEST } from '../ingest/sink.js';
import type { Services } from '../services.js';
import { readBody } from './body.js';

/**
 * `POST /v1/events`: a JSON array (or one object) or NDJSON, one result per event. A line that is
 * not JSON is rejected on its own with MALFORMED_JSON; the other events still go through.
 */
export async function handleIngest(
  request: IncomingMessage,
  caller: Caller | null,
  services: Services,
  limit: number,
) {
  const who = authorize(caller, 'ingest');
  const body = await readBody(request, limit, true);
  const contentType = String(request.headers['content-type'] ?? '');
  const parsed =
    contentType.includes('ndjson') || contentType.includes('jsonlines') ? parseNdjson(body) : parseJson(body);
  if (parsed.length > MAX_EVENTS_PER_REQUEST) {
    throw new TesseraError(
      ErrorCodes.BadUserInput,
      `at most ${MAX_EVENTS_PER_REQUEST} events per request (got ${parsed.length})`,
      {
        hint: 'split the batch',
      },
    );
  }
  services.eventLimiter.take(who.tenantId, parsed.length);
  const valid: unknown[] = [];
  const positions: number[] = [];
  parsed.forEach((p, index) => {
    if (p.ok) {
      valid.push(p.value);
      positions.push(index);
    }
  });
  const key = request.headers['idempotency-key'];
  const accepted = await services.events.accept(
    who.tenantId,
    valid,
    typeof key === 'string' ? key : undefined,
    positions,
  );
  let next = 0;
  const results: EventResult[] = parsed.map((p, index) =>
    p.ok
      ? { ...accepted[next++]!, index }
      : { index, eventId: null, status: 'REJECTED', code: 'MALFORMED_JSON', message: p.message },
  );
  const acceptedCount = results.filter((r) => r.status === 'ACCEPTED').length;
  return { accepted: acceptedCount, rejected: results.length - acceptedCount, results };
}

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

function parseJson(body: string): Parsed[] {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new TesseraError(ErrorCodes.BadUserInput, `body is not valid JSON: ${(error as Error).message}`, {
      hint: 'send a JSON array of events, or NDJSON with Content-Type: application/x-ndjson',
    });
  }
  return (Array.isArray(value) ? value : [value]).map((v) => ({ ok: true, value: v }));
}

function parseNdjson(body: string): Parsed[] {
  const out: Parsed[] = [];
  body.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      out.push({ ok: true, value: JSON.parse(line) });
    } catch (error) {
      out.push({ ok: false, message: `line ${index + 1} is not valid JSON: ${(error as Error).message}` });
    }
  });
  return out;
}
