import { type Db, queryRows, sql, withTenant } from '@tessera/db';
import { createRng, type Recommender } from '@tessera/models';
import { eligible, listViolations, settingsFor, type Vertical } from '@tessera/pipelines';
import { type History, loadServingCatalog, serveList } from './serving.js';

export interface RuleReport {
  requests: number;
  violations: number;
  /** Candidates the vertical's hard rules had to drop: shows the rules were exercised, not idle. */
  unsafeCandidates: number;
  /** Mean length of a served list (count = 10). */
  meanListLength: number;
  examples: string[];
}

/** Every user's newest 200 interactions, in one read (the per-request read of the API, batched). */
async function allHistories(db: Db, tenantId: string): Promise<Map<string, History[]>> {
  const rows = await withTenant(db, tenantId, (tx) =>
    queryRows<{ user_id: string; item_id: string; strength: number }>(
      tx,
      sql`select user_id, item_id, strength from (
            select user_id, item_id, strength,
                   row_number() over (partition by user_id order by last_ts desc) as n
            from interactions) h where n <= 200`,
    ),
  );
  const byUser = new Map<string, History[]>();
  for (const r of rows) {
    const list = byUser.get(r.user_id) ?? [];
    list.push({ itemId: r.item_id, strength: r.strength });
    byUser.set(r.user_id, list);
  }
  return byUser;
}

/**
 * Serves `requests` lists to random users with the trained model's candidates and the vertical's
 * pipeline, and checks every served list with `listViolations` (the rule packs' own verifier).
 */
export async function countRuleViolations(
  db: Db,
  tenantId: string,
  vertical: Vertical,
  model: Recommender,
  requests: number,
  seed = 5,
): Promise<RuleReport> {
  const catalog = await loadServingCatalog(db, tenantId);
  const histories = await allHistories(db, tenantId);
  const itemIndex = new Map(model.itemIds.map((id, index) => [id, index]));
  const settings = settingsFor(vertical);
  const userIds = [...catalog.users.keys()];
  const rng = createRng(seed);
  const report: RuleReport = {
    requests,
    violations: 0,
    unsafeCandidates: 0,
    meanListLength: 0,
    examples: [],
  };
  let served = 0;
  for (let r = 0; r < requests; r++) {
    const user = catalog.users.get(userIds[rng.int(userIds.length)]!)!;
    const history = histories.get(user.id) ?? [];
    const list = serveList(vertical, model, itemIndex, catalog, user, history);
    for (const c of list.candidates) {
      const item = catalog.items.get(c.itemId);
      if (item && !eligible(vertical, user, item, settings, list.consumed)) report.unsafeCandidates++;
    }
    const problems = listViolations(vertical, user, list.items, catalog.items, settings, list.consumed);
    report.violations += problems.length;
    if (problems.length > 0 && report.examples.length < 5) report.examples.push(...problems.slice(0, 1));
    served += list.items.length;
  }
  report.meanListLength = served / requests;
  return report;
}
