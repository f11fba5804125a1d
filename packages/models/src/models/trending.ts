import type { Blob } from '../artifacts/format.js';
import type { InteractionMatrix } from '../data/interactions.js';
import { BaseModel } from './base.js';
import type { UserRef } from './contract.js';
import { blob } from './state.js';

export interface TrendingParams {
  /** Seconds after which an interaction counts half. Default 7 days. */
  halfLifeSeconds: number;
  /** Reference time in Unix seconds; 0 means the latest timestamp in the training data. */
  now: number;
}

/**
 * Time-decayed popularity: score(i) = Σ_{events e on i} strength_e · 2^(−(now − t_e) / halfLife).
 * Events after `now` count fully.
 */
export class Trending extends BaseModel<TrendingParams> {
  readonly algorithm = 'trending';
  readonly task = 'ranking';
  private scores: Float32Array = new Float32Array(0);

  constructor(params: Partial<TrendingParams> = {}) {
    super({ halfLifeSeconds: 7 * 86_400, now: 0 }, params);
  }

  protected train(train: InteractionMatrix): void {
    let now = this.params.now;
    if (!now) for (let e = 0; e < train.nnz; e++) now = Math.max(now, train.timestamps[e]);
    const lambda = Math.LN2 / this.params.halfLifeSeconds;
    const s = new Float64Array(train.nItems);
    for (let e = 0; e < train.nnz; e++) {
      const age = Math.max(0, now - train.timestamps[e]);
      s[train.items[e]] += train.values[e] * Math.exp(-lambda * age);
    }
    this.scores = Float32Array.from(s);
  }

  scoreAll(user: UserRef, out?: Float32Array): Float32Array {
    this.resolveUser(user);
    const o = this.scoreBuffer(out);
    o.set(this.scores);
    return o;
  }

  protected state() {
    return { blobs: { scores: this.scores }, extra: {} };
  }

  protected restore(blobs: Record<string, Blob>): void {
    this.scores = blob(blobs, 'scores', Float32Array);
  }
}
