import type { Blob } from '../artifacts/format.js';
import { type Csr, type InteractionMatrix, toCsr } from '../data/interactions.js';
import { BaseModel } from './base.js';
import type { UserRef } from './contract.js';
import { historyOf } from './history.js';
import { csrBlobs, readCsr } from './state.js';
import { topK } from './topk.js';

export interface ItemKnnParams {
  /** Neighbours kept per target item. Default 100 (RecBole's default). */
  neighbors: number;
  /** Shrinkage added to the cosine denominator; damps similarities built on few co-raters. Default 0. */
  shrink: number;
}

/**
 * Item-based kNN: sim(i, j) = Σ_u r_ui·r_uj / (‖r_i‖·‖r_j‖ + shrink); each target item j keeps its top-k
 * neighbours N(j); score(u, j) = Σ_{i ∈ I(u) ∩ N(j)} r_ui·sim(i, j).
 */
export class ItemKnn extends BaseModel<ItemKnnParams> {
  readonly algorithm = 'itemknn';
  readonly task = 'ranking';
  /** Row i lists the targets j that have i among their neighbours, with sim(i, j). */
  private contributions?: Csr;
  private userRows?: Csr;

  constructor(params: Partial<ItemKnnParams> = {}) {
    super({ neighbors: 100, shrink: 0 }, params);
  }

  protected train(train: InteractionMatrix): void {
    const { neighbors, shrink } = this.params;
    const byItem = train.byItem;
    const byUser = train.byUser;
    const n = train.nItems;
    const norms = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let p = byItem.indptr[i]; p < byItem.indptr[i + 1]; p++) s += byItem.values[p] ** 2;
      norms[i] = Math.sqrt(s);
    }
    const acc = new Float32Array(n);
    const src: number[] = [];
    const dst: number[] = [];
    const sims: number[] = [];
    for (let j = 0; j < n; j++) {
      acc.fill(0);
      for (let p = byItem.indptr[j]; p < byItem.indptr[j + 1]; p++) {
        const u = byItem.indices[p];
        const ruj = byItem.values[p];
        for (let q = byUser.indptr[u]; q < byUser.indptr[u + 1]; q++)
          acc[byUser.indices[q]] += ruj * byUser.values[q];
      }
      for (let i = 0; i < n; i++) {
        acc[i] =
          acc[i] > 0 && i !== j ? acc[i] / (norms[i] * norms[j] + shrink + 1e-9) : Number.NEGATIVE_INFINITY;
      }
      const best = topK(acc, neighbors);
      for (let r = 0; r < best.items.length; r++) {
        src.push(best.items[r]);
        dst.push(j);
        sims.push(best.scores[r]);
      }
    }
    this.contributions = toCsr(Int32Array.from(src), Int32Array.from(dst), Float32Array.from(sims), n);
    this.userRows = byUser;
  }

  scoreAll(user: UserRef, out?: Float32Array): Float32Array {
    const { items, values } = historyOf(this.resolveUser(user), this.userRows!);
    const o = this.scoreBuffer(out).fill(0);
    const c = this.contributions!;
    for (let h = 0; h < items.length; h++) {
      const i = items[h];
      const r = values[h];
      for (let p = c.indptr[i]; p < c.indptr[i + 1]; p++) o[c.indices[p]] += r * c.values[p];
    }
    return o;
  }

  protected state() {
    return {
      blobs: { ...csrBlobs('sim', this.contributions!), ...csrBlobs('user', this.userRows!) },
      extra: {},
    };
  }

  protected restore(blobs: Record<string, Blob>): void {
    this.contributions = readCsr(blobs, 'sim');
    this.userRows = readCsr(blobs, 'user');
  }
}
