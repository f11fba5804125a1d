import type { VerticalSettings } from './types.js';
import type { Vertical } from './verticals.js';

const base: VerticalSettings = {
  weights: { personal: 0.65, popularity: 0.2, recency: 0.05, social: 0.1 },
  diversityLambda: 0.8,
  maxPerAssetClass: 3,
  defaultRiskTolerance: 1,
  maxDifficultyGap: 1.5,
  defaultLevel: 1,
};

export const defaultSettings: Record<Vertical, VerticalSettings> = {
  medical: { ...base, diversityLambda: 0.9 },
  finance: { ...base, diversityLambda: 0.85 },
  education: { ...base, weights: { personal: 0.6, popularity: 0.25, recency: 0.05, social: 0.1 } },
  entertainment: {
    ...base,
    weights: { personal: 0.55, popularity: 0.2, recency: 0.1, social: 0.15 },
    diversityLambda: 0.7,
  },
};

export function settingsFor(vertical: Vertical, overrides: Partial<VerticalSettings> = {}): VerticalSettings {
  const defaults = defaultSettings[vertical];
  return { ...defaults, ...overrides, weights: { ...defaults.weights, ...overrides.weights } };
}
