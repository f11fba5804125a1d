import { bestFirst } from './best-first.js';
import { mmr, mmrPool, type Scored } from './diversity.js';
import { explain } from './explain.js';
import { eligible } from './rules.js';
import { settingsFor } from './settings.js';
import type { Candidate, PipelineInput, PipelineItem, RankedItem } from './types.js';

/**
 * candidates → vertical filters → ranking → diversity → explanations. Pure: the API runs it per
 * request and the trainer's evaluation and benchmarks run the very same code.
 */
export function runPipeline(input: PipelineInput): RankedItem[] {
  const settings = settingsFor(input.vertical, input.settings);
  const { user, items, consumed, vertical } = input;
  const includeConsumed = input.includeConsumed ?? false;
  const completed = new Set(user.completedItems ?? []);
  const level = user.level ?? settings.defaultLevel;
  const w = settings.weights;

  const scored: (Scored & { candidate: Candidate; item: PipelineItem })[] = [];
  const seen = input.distinct ? null : new Set<string>();
  for (const candidate of input.candidates) {
    if (seen?.has(candidate.itemId)) continue;
    const item = candidate.item ?? items.get(candidate.itemId);
    if (!item) continue;
    // By the candidate's own id (the item's, by contract): the string is already at hand, where
    // item.id would be one more object to visit per candidate.
    const id = candidate.itemId;
    if (!includeConsumed && (consumed.has(id) || (completed.size > 0 && completed.has(id)))) continue;
    if (!eligible(vertical, user, item, settings, consumed)) continue;
    seen?.add(candidate.itemId);
    let score =
      w.personal * candidate.personal +
      w.popularity * candidate.popularity +
      w.recency * candidate.recency +
      w.social * candidate.social;
    if (vertical === 'education' && item.difficulty != null) {
      // Closeness to the learner's level, a Gaussian with σ = half the allowed gap.
      const sigma = settings.maxDifficultyGap / 2;
      score *= Math.exp(-((item.difficulty - level) ** 2) / (2 * sigma * sigma));
      if ((item.prerequisites ?? []).some((p) => completed.has(p) || consumed.has(p))) score *= 1.25;
    }
    if (vertical === 'entertainment') score *= 1 - 0.15 * candidate.popularity; // a nudge toward novelty
    // What users say about an item moves it a little: ±10% at the extremes of the compound score.
    if (candidate.sentiment !== undefined) score *= 1 + 0.1 * candidate.sentiment;
    scored.push({ itemId: candidate.itemId, score, candidate, item });
  }
  const ranked = bestFirst(scored, mmrPool(input.count));

  const cap =
    vertical === 'finance'
      ? { key: (item: { assetClass?: string | null }) => item.assetClass, max: settings.maxPerAssetClass }
      : undefined;
  const chosen = mmr(ranked, items, input.count, settings.diversityLambda, cap) as typeof ranked;
  const explained = input.explain ?? true;
  return chosen.map((pick) => ({
    itemId: pick.itemId,
    score: pick.score,
    reasons: explained ? explain(vertical, pick.candidate, pick.item, user, consumed) : [],
  }));
}
