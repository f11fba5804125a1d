import type { Blob } from '../artifacts/format.js';
import type { InteractionMatrix } from '../data/interactions.js';
import { BaseModel } from './base.js';
import type { UserRef } from './contract.js';
import { blob } from './state.js';

export interface PopularityParams {
  /** Count distinct users (`users`) or sum interaction strengths (`strength`). Default `users`. */
  weighting: 'users' | 'strength';
}

/** Most-popular baseline: the same score (interaction count) for every user. */
export class Popularity extends BaseModel<PopularityParams> {
  readonly algorithm = 'popularity';
  readonly task = 'ranking';
  private scores: Float32Array = new Float32Array(0);

  constructor(params: Partial<PopularityParams> = {}) {
    super({ weighting: 'users' }, params);
  }

  protected train(train: InteractionMatrix): void {
    const s = new Float32Array(train.nItems);
    const byStrength = this.params.weighting === 'strength';
    for (let e = 0; e < train.nnz; e++) s[train.items[e]] += byStrength ? train.values[e] : 1;
    this.scores = s;
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
