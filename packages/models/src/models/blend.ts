import type { Blob } from '../artifacts/format.js';
import type { InteractionMatrix } from '../data/interactions.js';
import { ModelError } from '../errors.js';
import { BaseModel } from './base.js';
import type { FitConfig, Recommender, UserRef } from './contract.js';
import { blob } from './state.js';

export interface BlendParams {
  /** Comma-separated algorithm names of the members, fitted with their default hyper-parameters. */
  members: string;
  /** Comma-separated weights, one per member (normalised to sum to 1). */
  weights: string;
}

/** Filled by the registry (avoids an import cycle): how to create and load member models. */
export const blendMembers: {
  create?: (name: string) => BaseModel<object>;
  load?: (bytes: Uint8Array) => BaseModel<object>;
} = {};

/**
 * Linear blend of rating (or ranking) models: r̂ = Σ_k w_k·r̂_k with Σ w_k = 1. Averaging models with different
 * errors (plain MF and SVD++) lowers RMSE; `Blend.of` blends already fitted models without retraining them.
 */
export class Blend extends BaseModel<BlendParams> {
  readonly algorithm = 'blend';
  task: 'rating' | 'ranking' = 'rating';
  private models: Recommender[] = [];
  private w: number[] = [];

  constructor(params: Partial<BlendParams> = {}) {
    super({ members: 'biasedmf,svdpp', weights: '0.5,0.5' }, params);
  }

  /** A blend of fitted models sharing one training matrix's id spaces. */
  static of(models: Recommender[], weights = models.map(() => 1 / models.length)): Blend {
    const blend = new Blend({
      members: models.map((m) => m.algorithm).join(','),
      weights: weights.join(','),
    });
    blend.install(models, models[0].userIds, models[0].itemIds);
    return blend;
  }

  private install(models: Recommender[], userIds: readonly string[], itemIds: readonly string[]): void {
    const w = this.params.weights.split(',').map(Number);
    if (w.length !== models.length || w.some((x) => !Number.isFinite(x))) {
      throw new ModelError(
        'INVALID_PARAM',
        'blend needs one finite weight per member',
        `got "${this.params.weights}"`,
      );
    }
    const total = w.reduce((a, b) => a + b, 0);
    this.w = w.map((x) => x / total);
    this.models = models;
    this.task = models.every((m) => m.task === 'rating') ? 'rating' : 'ranking';
    this.userIds = userIds;
    this.itemIds = itemIds;
    this.fitted = true;
  }

  protected async train(train: InteractionMatrix, config: FitConfig): Promise<void> {
    const models = this.params.members.split(',').map((name) => blendMembers.create!(name.trim()));
    for (const m of models) await m.fit(train, undefined, config);
    this.install(models, train.userIds, train.itemIds);
  }

  scoreAll(user: UserRef, out?: Float32Array): Float32Array {
    this.resolveUser(user);
    const o = this.scoreBuffer(out).fill(0);
    this.models.forEach((m, k) => {
      const s = m.scoreAll(user);
      for (let i = 0; i < o.length; i++) o[i] += this.w[k] * s[i];
    });
    return o;
  }

  override scoreItems(user: UserRef, items: ArrayLike<number>): Float32Array {
    const o = new Float32Array(items.length);
    this.models.forEach((m, k) => {
      const s = m.scoreItems(user, items);
      for (let i = 0; i < o.length; i++) o[i] += this.w[k] * s[i];
    });
    return o;
  }

  protected state() {
    const blobs: Record<string, Blob> = {};
    this.models.forEach((m, k) => {
      const bytes = m.save();
      const padded = new Uint8Array(Math.ceil(bytes.length / 4) * 4);
      padded.set(bytes);
      blobs[`member${k}`] = new Int32Array(padded.buffer);
    });
    return { blobs, extra: { memberBytes: this.models.map((m) => m.save().length) } };
  }

  protected restore(blobs: Record<string, Blob>, extra: Record<string, unknown>): void {
    const lengths = extra.memberBytes as number[];
    const models = lengths.map((n, k) => {
      const raw = blob(blobs, `member${k}`, Int32Array);
      return blendMembers.load!(new Uint8Array(raw.buffer, raw.byteOffset, n));
    });
    this.install(models, this.userIds, this.itemIds);
  }
}
