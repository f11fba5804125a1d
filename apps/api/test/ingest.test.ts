import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedTenant, provisionTenant } from '../src/admin/provision.js';
import { type Harness, startHarness } from './harness.js';

/** Inputs that real clients send and that used to be refused for the wrong reason, or accepted and lost. */
describe('ingest: what clients really send', () => {
  let h: Harness;
  let t: ProvisionedTenant;

  beforeAll(async () => {
    h = await startHarness();
    t = await provisionTenant(h.database.db, { slug: 'ingest', name: 'Ingest', vertical: 'entertainment' });
  });
  afterAll(async () => h?.close());

  const post = (body: Buffer | string, contentType = 'application/json') =>
    fetch(`${h.server.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.keys.ingest}`, 'content-type': contentType },
      body,
    });
  type Result = { index: number; status: string; code: string | null; message: string | null };
  const resultsOf = async (res: Response) => {
    expect(res.status, await res.clone().text()).toBe(200);
    return ((await res.json()) as { results: Result[] }).results;
  };
  const view = (userId: string) => ({ type: 'view', userId, itemId: 'i1' });

  it('reads a body that starts with a UTF-8 byte-order mark, as JSON and as NDJSON', async () => {
    const bom = '\uFEFF';
    const json = await resultsOf(await post(`${bom}${JSON.stringify([view('u1'), view('u2')])}`));
    expect(json.map((r) => r.status)).toEqual(['ACCEPTED', 'ACCEPTED']);
    const ndjson = await resultsOf(
      await post(
        `${bom}${JSON.stringify(view('u1'))}\r\n${JSON.stringify(view('u2'))}`,
        'application/x-ndjson',
      ),
    );
    expect(ndjson.map((r) => r.status)).toEqual(['ACCEPTED', 'ACCEPTED']);
  });

  it('refuses a body that is not UTF-8 instead of storing U+FFFD in its place', async () => {
    const body = Buffer.concat([
      Buffer.from('[{"type":"view","userId":"u'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('","itemId":"i1"}]'),
    ]);
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: 'BAD_USER_INPUT', message: 'the body is not valid UTF-8' },
    });
  });

  it('rejects half an emoji and an impossible time per event, and accepts the rest', async () => {
    // JSON escapes: what a client's serializer writes for a string cut in the middle of an emoji.
    const body = `[${JSON.stringify(view('ok'))},
      {"type":"view","userId":"u","itemId":"i1","props":{"title":"cut \\ud83d"}},
      {"type":"view","userId":"u\\udc00","itemId":"i1"},
      {"type":"view","userId":"u","itemId":"i1","ts":9000000000000000},
      {"type":"view","userId":"u😀","itemId":"i1","props":{"title":"whole 😀"}}]`;
    const results = await resultsOf(await post(body));
    expect(results.map((r) => [r.status, r.code])).toEqual([
      ['ACCEPTED', null],
      ['REJECTED', 'INVALID_FIELD'],
      ['REJECTED', 'INVALID_FIELD'],
      ['REJECTED', 'INVALID_FIELD'],
      ['ACCEPTED', null],
    ]);
    expect(results[1]!.message).toMatch(/unpaired surrogates/);
    expect(results[3]!.message).toMatch(/ts/);
  });

  it('takes GraphQL events whose absent fields are null, and ts as epoch milliseconds', async () => {
    const ts = String(Date.now() - 60_000);
    const res = await h.gql(
      `mutation($events: [EventInput!]!) { trackEvents(events: $events) { accepted rejected results { status code message } } }`,
      {
        events: [
          {
            eventId: null,
            type: 'follow',
            userId: 'u1',
            itemId: null,
            ts: null,
            props: { targetUserId: 'u2' },
          },
          { eventId: 'e-ms', type: 'view', userId: 'u1', itemId: 'i1', ts, props: null },
          { type: 'view', userId: 'u1', itemId: 'i1', ts: 'yesterday' },
        ],
      },
      t.keys.ingest,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.trackEvents).toMatchObject({ accepted: 2, rejected: 1 });
    expect(res.body.data!.trackEvents.results[2]).toMatchObject({
      status: 'REJECTED',
      code: 'INVALID_FIELD',
    });
  });

  it('gives events without an id the same id on a retry under the same Idempotency-Key', async () => {
    const request = [view('u1'), { ...view('u2'), eventId: 'own-id' }, view('u3')];
    const send = (key: string, body = JSON.stringify(request), contentType = 'application/json') =>
      fetch(`${h.server.url}/v1/events`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${t.keys.ingest}`,
          'content-type': contentType,
          'idempotency-key': key,
        },
        body,
      });
    const first = await resultsOf(await send('req-7f3a'));
    const retry = await resultsOf(await send('req-7f3a'));
    const ids = (results: Result[]) => results.map((r) => (r as Result & { eventId: string }).eventId);
    expect(ids(first)).toEqual([
      expect.stringMatching(/^req-7f3a\.0\.[\w-]{16}$/),
      'own-id',
      expect.stringMatching(/^req-7f3a\.2\.[\w-]{16}$/),
    ]);
    expect(ids(retry)).toEqual(ids(first));
    // A different event at the same position under the same key (a client resending what it
    // fixed) is a new event, not a duplicate of the first request's.
    const fixed = await send('req-7f3a', JSON.stringify([view('u9')]));
    expect(ids(await resultsOf(fixed))[0]).not.toBe(ids(first)[0]);
    // GraphQL takes it as an argument; a key outside its alphabet is refused before anything is sent.
    const gql = await h.gql(
      'mutation($events: [EventInput!]!, $key: String) { trackEvents(events: $events, idempotencyKey: $key) { results { eventId } } }',
      { events: [view('u1')], key: 'req-7f3a' },
      t.keys.ingest,
    );
    // The same event at the same position: the same id as over HTTP.
    expect(gql.body.data!.trackEvents.results).toEqual([{ eventId: ids(first)[0] }]);
    // NDJSON with an unparseable line: ids follow the events' positions in the request.
    const ndjson = await send(
      'req-nd',
      `${JSON.stringify(view('u1'))}\n{not json\n${JSON.stringify(view('u2'))}`,
      'application/x-ndjson',
    );
    expect(ids(await resultsOf(ndjson))).toEqual([
      expect.stringMatching(/^req-nd\.0\./),
      null,
      expect.stringMatching(/^req-nd\.2\./),
    ]);
    const bad = await send('not ok/2');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(
      /idempotency key must be/,
    );
  });

  it('refuses catalog ids no event could carry, and attributes PostgreSQL cannot store, naming them', async () => {
    const upsert = (items: unknown[]) =>
      h.gql(
        'mutation($items: [ItemInput!]!) { upsertItems(items: $items) { upserted } }',
        { items },
        t.keys.admin,
      );
    const long = await upsert([{ id: 'x'.repeat(129), title: 'Long' }]);
    expect(long.body.errors?.[0]).toMatchObject({
      message: 'item id must be 1–128 characters (got 129)',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const cut = await upsert([{ id: 'i2', title: 'Cut', attributes: { tag: 'half \ud83d' } }]);
    expect(cut.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(cut.body.errors?.[0]?.message).toMatch(/item i2 must not contain .* unpaired surrogates/);
    const nul = await upsert([{ id: 'i3', title: 'NUL \u0000 in the title' }]);
    expect(nul.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    const fine = await upsert([{ id: 'x'.repeat(128), title: 'Fits', attributes: { tag: 'whole 😀' } }]);
    expect(fine.body.data?.upsertItems).toEqual({ upserted: 1 });
  });
});
