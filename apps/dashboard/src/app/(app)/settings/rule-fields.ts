/** The rule settings the API's `ruleSettings` offers, as form fields (shared by page, form and action). */
export interface RuleField {
  /** Path in the settings object, e.g. `weights.personal`. */
  name: string;
  label: string;
  /** Where the rule applies and its range, shown beside the field. */
  hint: string;
  integer?: boolean;
  min: number;
  max: number;
  step: number;
}

export const ruleFields: RuleField[] = [
  { name: 'weights.personal', label: 'Weight: personal score', hint: '0–1', min: 0, max: 1, step: 0.05 },
  { name: 'weights.popularity', label: 'Weight: popularity', hint: '0–1', min: 0, max: 1, step: 0.05 },
  { name: 'weights.recency', label: 'Weight: recency', hint: '0–1', min: 0, max: 1, step: 0.05 },
  { name: 'weights.social', label: 'Weight: social boost', hint: '0–1', min: 0, max: 1, step: 0.05 },
  {
    name: 'diversityLambda',
    label: 'Diversity λ',
    hint: '0–1; 1 ranks by relevance only, lower values diversify more',
    min: 0,
    max: 1,
    step: 0.05,
  },
  {
    name: 'maxPerAssetClass',
    label: 'Max items per asset class',
    hint: 'finance; whole number ≥ 1',
    integer: true,
    min: 1,
    max: 100,
    step: 1,
  },
  {
    name: 'defaultRiskTolerance',
    label: 'Default risk tolerance',
    hint: 'finance; 1–5, for users with none on file',
    integer: true,
    min: 1,
    max: 5,
    step: 1,
  },
  {
    name: 'maxDifficultyGap',
    label: 'Max difficulty gap',
    hint: 'education; > 0, distance from the learner’s level',
    min: 0,
    max: 10,
    step: 0.1,
  },
  {
    name: 'defaultLevel',
    label: 'Default learner level',
    hint: 'education; 0–10, for learners with none on file',
    min: 0,
    max: 10,
    step: 0.1,
  },
];

export function valueAt(settings: unknown, path: string): unknown {
  let at: unknown = settings;
  for (const key of path.split('.'))
    at = at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  return at;
}

/** The form id of a field: `weights.personal` → `rule-weights-personal`. */
export const fieldId = (name: string) => `rule-${name.replace(/\./g, '-')}`;
