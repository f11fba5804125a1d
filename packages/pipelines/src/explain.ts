import type { Candidate, PipelineItem, PipelineUser } from './types.js';
import type { Vertical } from './verticals.js';

/**
 * Plain sentences, never empty, and never quoting the user's personal fields (conditions, risk
 * tolerance) so a list can be logged or shown on a shared screen.
 */
export function explain(
  vertical: Vertical,
  candidate: Candidate,
  item: PipelineItem,
  user: PipelineUser,
  consumed: ReadonlySet<string>,
): string[] {
  const reasons: string[] = [];
  const because =
    typeof candidate.because === 'function' ? candidate.because(candidate.itemId) : candidate.because;
  if (because && candidate.sources.includes('model')) reasons.push(`Because you liked ${because}`);
  else if (candidate.sources.includes('model')) reasons.push('Matches your recent activity');
  if (because && candidate.sources.includes('similar')) reasons.push(`Similar to ${because}`);
  if (candidate.sources.includes('social')) reasons.push('Trending among people you follow');
  if (candidate.sources.includes('trending')) reasons.push('Trending this week');
  if (candidate.sources.includes('segment')) reasons.push('Popular in your area this week');
  if ((candidate.sentiment ?? 0) >= 0.5) reasons.push('People love it in their reviews');
  if (candidate.sources.includes('popular') && reasons.length === 0)
    reasons.push('Popular with people like you');
  switch (vertical) {
    case 'medical':
      reasons.push('Checked against your health profile');
      break;
    case 'finance':
      reasons.push(`Within your risk tolerance (risk level ${item.riskLevel} of 5)`);
      break;
    case 'education': {
      const completed = new Set(user.completedItems ?? []);
      if ((item.prerequisites ?? []).some((p) => completed.has(p) || consumed.has(p)))
        reasons.push('A next step after what you completed');
      if (item.difficulty != null) reasons.push('Matches your current level');
      break;
    }
    case 'entertainment':
      break;
  }
  if (reasons.length === 0) reasons.push('Recommended for you');
  return reasons;
}
