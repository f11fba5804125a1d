import type { PipelineItem, PipelineUser, VerticalSettings } from './types.js';
import type { Vertical } from './verticals.js';

const lower = (values: readonly string[] | null | undefined) =>
  new Set((values ?? []).map((v) => v.trim().toLowerCase()));

/** medical: an item is never shown to a user with a condition it is contraindicated for. */
export function medicallySafe(user: PipelineUser, item: PipelineItem): boolean {
  const conditions = lower(user.conditions);
  for (const c of lower(item.contraindications)) if (conditions.has(c)) return false;
  return true;
}

/** finance: suitability; an item of unknown risk is unsuitable for everyone. */
export function suitable(user: PipelineUser, item: PipelineItem, settings: VerticalSettings): boolean {
  if (item.riskLevel == null) return false;
  return item.riskLevel <= (user.riskTolerance ?? settings.defaultRiskTolerance);
}

/** education: every prerequisite completed. */
export function prerequisitesMet(
  user: PipelineUser,
  item: PipelineItem,
  consumed: ReadonlySet<string>,
): boolean {
  const completed = new Set(user.completedItems ?? []);
  return (item.prerequisites ?? []).every((p) => completed.has(p) || consumed.has(p));
}

/** education: difficulty within the allowed gap of the learner's level (items without difficulty pass). */
export function nearLevel(user: PipelineUser, item: PipelineItem, settings: VerticalSettings): boolean {
  if (item.difficulty == null) return true;
  return Math.abs(item.difficulty - (user.level ?? settings.defaultLevel)) <= settings.maxDifficultyGap;
}

/**
 * The hard rules of a vertical: an item failing them is never served, whatever its score.
 * `consumed` counts as completed for prerequisites.
 */
export function eligible(
  vertical: Vertical,
  user: PipelineUser,
  item: PipelineItem,
  settings: VerticalSettings,
  consumed: ReadonlySet<string>,
): boolean {
  if (item.active === false) return false;
  switch (vertical) {
    case 'medical':
      return medicallySafe(user, item);
    case 'finance':
      return suitable(user, item, settings);
    case 'education':
      return prerequisitesMet(user, item, consumed) && nearLevel(user, item, settings);
    case 'entertainment':
      return true;
  }
}

/** The verifier used by tests and benchmarks: every rule of the vertical over a whole served list. */
export function listViolations(
  vertical: Vertical,
  user: PipelineUser,
  served: readonly string[],
  items: ReadonlyMap<string, PipelineItem>,
  settings: VerticalSettings,
  consumed: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const perClass = new Map<string, number>();
  for (const id of served) {
    const item = items.get(id);
    if (!item) {
      problems.push(`${id}: not in the catalog`);
      continue;
    }
    if (!eligible(vertical, user, item, settings, consumed))
      problems.push(`${id}: breaks a ${vertical} rule`);
    if (vertical === 'finance' && item.assetClass) {
      const n = (perClass.get(item.assetClass) ?? 0) + 1;
      perClass.set(item.assetClass, n);
      if (n > settings.maxPerAssetClass)
        problems.push(`${id}: more than ${settings.maxPerAssetClass} in ${item.assetClass}`);
    }
  }
  if (new Set(served).size !== served.length) problems.push('duplicate items in one list');
  return problems;
}
