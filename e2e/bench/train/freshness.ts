import { type Db, queryRows, sql, withTenant } from '@tessera/db';

/**
 * Freshness through the real path: event accepted by the API → Kafka → stream-worker (offline store,
 * `interactions`) → the API's per-request user state → that user's next recommendations.
 *
 * The observable effect: the user clicks the top item of the list they were just served; the API
 * excludes consumed items (`includeConsumed` false by default), so the effect has arrived when a
 * `recommendations` response for the user no longer contains that item. The time runs from the start
 * of `POST /v1/events` to the receipt of the first such response (polled every `pollMs`, so each
 * sample is over-stated by up to one poll interval plus one request). A disappearance is counted only
 * if the worker's `interactions` row for (user, item) exists at that moment; otherwise it is `spurious`
 * (the list moved for another reason) and polling goes on.
 */
export interface FreshnessSample {
  vertical: string;
  ms: number;
  acceptMs: number;
  polls: number;
  /** Besides losing the clicked item, the rest of the list changed (the fold-in of the new history). */
  reordered: boolean;
}

export interface FreshnessTarget {
  vertical: string;
  tenantId: string;
  apiUrl: string;
  readKey: string;
  ingestKey: string;
}

export class FreshnessProbe {
  spurious = 0;
  timedOut = 0;
  skipped = 0;

  constructor(
    private readonly db: Db,
    private readonly pollMs = 25,
    private readonly timeoutMs = 30_000,
  ) {}

  async recommendations(target: FreshnessTarget, userId: string) {
    const res = await fetch(`${target.apiUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${target.readKey}` },
      body: JSON.stringify({
        query: 'query($u: ID!) { recommendations(userId: $u, count: 10) { modelVersion items { itemId } } }',
        variables: { u: userId },
      }),
    });
    const body = (await res.json()) as {
      data?: { recommendations: { modelVersion: string | null; items: { itemId: string }[] } };
      errors?: unknown[];
    };
    if (!body.data) throw new Error(`recommendations failed: ${res.status} ${JSON.stringify(body.errors)}`);
    return body.data.recommendations;
  }

  /** One sample for one user; null when the user had an empty list, or the effect never came. */
  async sample(target: FreshnessTarget, userId: string): Promise<FreshnessSample | null> {
    const before = await this.recommendations(target, userId);
    const clicked = before.items[0]?.itemId;
    if (!clicked) {
      this.skipped++;
      return null;
    }
    const started = performance.now();
    const res = await fetch(`${target.apiUrl}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${target.ingestKey}` },
      body: JSON.stringify([{ type: 'click', userId, itemId: clicked }]),
    });
    const acceptMs = performance.now() - started;
    if (res.status !== 200) throw new Error(`POST /v1/events: ${res.status} ${await res.text()}`);
    let polls = 0;
    while (performance.now() - started < this.timeoutMs) {
      polls++;
      const after = await this.recommendations(target, userId);
      const received = performance.now();
      if (!after.items.some((i) => i.itemId === clicked)) {
        if (await this.stored(target.tenantId, userId, clicked)) {
          const rest = before.items.map((i) => i.itemId).filter((id) => id !== clicked);
          const reordered = after.items.slice(0, rest.length).some((i, k) => i.itemId !== rest[k]);
          return { vertical: target.vertical, ms: received - started, acceptMs, polls, reordered };
        }
        this.spurious++;
      }
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
    this.timedOut++;
    return null;
  }

  private async stored(tenantId: string, userId: string, itemId: string): Promise<boolean> {
    const rows = await withTenant(this.db, tenantId, (tx) =>
      queryRows(
        tx,
        sql`select 1 from interactions where user_id = ${userId} and item_id = ${itemId} and strength > 0`,
      ),
    );
    return rows.length > 0;
  }
}
