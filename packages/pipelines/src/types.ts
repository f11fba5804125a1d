import type { Vertical } from './verticals.js';

/** What the rules may know about a user; never free text (medical/finance privacy). */
export interface PipelineUser {
  id: string;
  conditions?: readonly string[] | null;
  riskTolerance?: number | null;
  level?: number | null;
  completedItems?: readonly string[] | null;
}

export interface PipelineItem {
  id: string;
  title: string;
  category?: string | null;
  active?: boolean;
  contraindications?: readonly string[] | null;
  riskLevel?: number | null;
  assetClass?: string | null;
  prerequisites?: readonly string[] | null;
  difficulty?: number | null;
  genres?: readonly string[] | null;
}

export type CandidateSource = 'model' | 'similar' | 'trending' | 'popular' | 'segment' | 'social';

/** A candidate with its signals, each normalised to [0, 1] by the caller. */
export interface Candidate {
  itemId: string;
  personal: number;
  popularity: number;
  recency: number;
  social: number;
  /** Mean review/comment sentiment of the item in [-1, 1], when known. */
  sentiment?: number | undefined;
  sources: readonly CandidateSource[];
  /**
   * Title of the history item that most explains a personal score, or a function that finds it:
   * only the few candidates that are served get explained, so a caller whose explanation costs
   * work (scoring each candidate against the user's recent items) defers it until then.
   */
  because?: string | Because | undefined;
  /**
   * The item's entry in `PipelineInput.items`, when the caller has it at hand: the pipeline then
   * skips looking it up (a string-keyed lookup per candidate in a catalog-sized map).
   */
  item?: PipelineItem | undefined;
}

/** Finds the title that explains `itemId` (undefined when nothing does). */
export type Because = (itemId: string) => string | undefined;

export interface RankedItem {
  itemId: string;
  score: number;
  reasons: string[];
}

export interface PipelineInput {
  vertical: Vertical;
  settings?: Partial<VerticalSettings>;
  user: PipelineUser;
  candidates: readonly Candidate[];
  items: ReadonlyMap<string, PipelineItem>;
  /** Items the user already consumed. */
  consumed: ReadonlySet<string>;
  count: number;
  includeConsumed?: boolean | undefined;
  /**
   * Whether to write each pick's reasons (default true). A caller that never shows them (a list
   * whose query did not ask for reasons) passes false and gets empty `reasons`, skipping the
   * explanation work (a model candidate's reason scores it against the user's recent items).
   */
  explain?: boolean | undefined;
  /** The caller's candidates name each item once (it merged them): skips the duplicate check. */
  distinct?: boolean | undefined;
}

/** Per-tenant knobs; every one has a default in `defaultSettings`. */
export interface VerticalSettings {
  /** Blend weights of the final score. */
  weights: { personal: number; popularity: number; recency: number; social: number };
  /** MMR trade-off: 1 = pure relevance, 0 = pure diversity. */
  diversityLambda: number;
  /** finance: at most this many items per asset class in one list. */
  maxPerAssetClass: number;
  /** finance: tolerance assumed for a user who has none on file (most conservative by default). */
  defaultRiskTolerance: number;
  /** education: how far an item's difficulty may be from the learner's level. */
  maxDifficultyGap: number;
  /** education: level assumed for a learner with none on file. */
  defaultLevel: number;
}
