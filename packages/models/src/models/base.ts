import { type Blob, encodeArtifact } from '../artifacts/format.js';
import type { InteractionMatrix } from '../data/interactions.js';
import { ModelError } from '../errors.js';
import { evaluateRatings, evaluateTopN } from '../eval/evaluate.js';
import { FactorScorer, simdAvailable } from '../linalg/simd/factor-scorer.js';
import { scoreAllFactors, scoreSomeFactors } from '../linalg/vector.js';
import type { FitConfig, FitReport, Recommender, TopK, UserHistory, UserRef } from './contract.js';
import { topK } from './topk.js';

/**
 * Shared plumbing for every algorithm: parameter defaults, id maps, timing and validation in `fit`,
 * exclusion + top-K in `recommend`, and the artifact encoding in `save`. Subclasses implement
 * `train`, `scoreAll`, `state` and `restoreState`.
 */
export abstract class BaseModel<P extends object> implements Recommender {
  abstract readonly algorithm: string;
  abstract readonly task: 'rating' | 'ranking';
  readonly params: P;
  userIds: readonly string[] = [];
  itemIds: readonly string[] = [];
  protected fitted = false;
  private scorer?: FactorScorer;

  constructor(defaults: P, params: Partial<P> = {}) {
    for (const [key, value] of Object.entries(params)) {
      if (!(key in defaults)) {
        throw new ModelError(
          'INVALID_PARAM',
          `unknown hyper-parameter "${key}"`,
          `known: ${Object.keys(defaults)}`,
        );
      }
      if (typeof value === 'number' && !Number.isFinite(value)) {
        throw new ModelError('INVALID_PARAM', `hyper-parameter "${key}" must be finite`);
      }
    }
    this.params = { ...defaults, ...params };
  }

  async fit(train: InteractionMatrix, valid?: InteractionMatrix, config: FitConfig = {}): Promise<FitReport> {
    if (train.nnz === 0) throw new ModelError('DATA_EMPTY', 'cannot fit on an empty matrix');
    this.userIds = train.userIds;
    this.itemIds = train.itemIds;
    const start = performance.now();
    await this.train(train, config);
    this.fitted = true;
    const report: FitReport = { algorithm: this.algorithm, trainSeconds: (performance.now() - start) / 1000 };
    if (valid && valid.nnz > 0) {
      report.validation =
        this.task === 'rating'
          ? { metric: 'rmse', value: evaluateRatings(this, valid).rmse }
          : { metric: 'ndcg@10', value: evaluateTopN(this, valid, [train], 10).ndcg10 };
    }
    return report;
  }

  protected abstract train(train: InteractionMatrix, config: FitConfig): void | Promise<void>;
  abstract scoreAll(user: UserRef, out?: Float32Array): Float32Array;

  scoreItems(user: UserRef, items: ArrayLike<number>): Float32Array {
    const all = this.scoreAll(user);
    return Float32Array.from(items as ArrayLike<number>, (i) => all[i]);
  }

  recommend(user: UserRef, k: number, exclude?: ArrayLike<number>): TopK {
    const scores = this.scoreAll(user);
    if (exclude) for (let j = 0; j < exclude.length; j++) scores[exclude[j]] = Number.NEGATIVE_INFINITY;
    return topK(scores, k);
  }

  save(): Uint8Array {
    this.assertFitted();
    const { blobs, extra } = this.state();
    return encodeArtifact(
      {
        algorithm: this.algorithm,
        params: this.params as Record<string, unknown>,
        userIds: this.userIds,
        itemIds: this.itemIds,
        extra,
      },
      blobs,
    );
  }

  /** Arrays and scalars that fully determine scoring. */
  protected abstract state(): { blobs: Record<string, Blob>; extra: Record<string, unknown> };

  /** @internal Used by `loadModel`: installs a saved state. */
  restoreState(
    ids: { userIds: readonly string[]; itemIds: readonly string[] },
    blobs: Record<string, Blob>,
    extra: Record<string, unknown>,
  ): void {
    this.userIds = ids.userIds;
    this.itemIds = ids.itemIds;
    this.restore(blobs, extra);
    this.fitted = true;
  }

  protected abstract restore(blobs: Record<string, Blob>, extra: Record<string, unknown>): void;

  protected assertFitted(): void {
    if (!this.fitted)
      throw new ModelError('NOT_FITTED', `${this.algorithm} model is not fitted`, 'call fit() first');
  }

  /** Checks a user index and returns it; histories are returned as they are. */
  protected resolveUser(user: UserRef): number | UserHistory {
    this.assertFitted();
    if (typeof user === 'number' && !(user >= 0 && user < this.userIds.length && Number.isInteger(user))) {
      throw new ModelError(
        'UNKNOWN_USER',
        `user index ${user} is out of range`,
        'pass the user history instead',
      );
    }
    return user;
  }

  /**
   * offset + bias[i] + vector·itemFactors_i for every item, on the SIMD scorer when the runtime has one. The
   * scorer holds a copy of the factors and is rebuilt whenever the model installs new ones (fit, load).
   */
  protected scoreFactors(
    vector: Float32Array,
    itemFactors: Float32Array,
    factors: number,
    out?: Float32Array,
    bias?: Float32Array,
    offset = 0,
  ): Float32Array {
    const buffer = this.scoreBuffer(out);
    const scorer = this.factorScorer(itemFactors, factors);
    return scorer
      ? scorer.scoreAll(vector, buffer, bias, offset)
      : scoreAllFactors(vector, itemFactors, factors, buffer, bias, offset);
  }

  /** As scoreFactors, for only the given item indices. */
  protected scoreSomeFactors(
    vector: Float32Array,
    itemFactors: Float32Array,
    factors: number,
    items: ArrayLike<number>,
    bias?: Float32Array,
  ): Float32Array {
    const scorer = this.factorScorer(itemFactors, factors);
    return scorer
      ? scorer.scoreSome(vector, items, bias)
      : scoreSomeFactors(vector, itemFactors, factors, items, bias);
  }

  private factorScorer(itemFactors: Float32Array, factors: number): FactorScorer | null {
    if (!simdAvailable) return null;
    if (this.scorer?.itemFactors !== itemFactors || this.scorer.factors !== factors)
      this.scorer = new FactorScorer(itemFactors, factors, this.itemIds.length);
    return this.scorer;
  }

  protected scoreBuffer(out?: Float32Array): Float32Array {
    return out && out.length === this.itemIds.length ? out : new Float32Array(this.itemIds.length);
  }
}
