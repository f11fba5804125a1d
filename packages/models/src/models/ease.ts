import type { Blob } from '../artifacts/format.js';
import type { Csr, InteractionMatrix } from '../data/interactions.js';
import { ModelError } from '../errors.js';
import { spdInverseTf } from '../linalg/tf-inverse.js';
import { tfRuntime } from '../neural/backend.js';
import { BaseModel } from './base.js';
import type { UserRef } from './contract.js';
import { historyOf } from './history.js';
import { blob, csrBlobs, readCsr } from './state.js';

export interface EaseParams {
  /** L2 weight λ on the item-item matrix. Default 250 (RecBole's default for ml-1m). */
  lambda: number;
  /** Refuse catalogs larger than this: memory is 4·n² bytes for B, 8·n² while fitting. Default 20,000. */
  maxItems: number;
}

/**
 * EASE (Steck 2019), closed form: G = XᵀX + λI, P = G⁻¹, B_ij = −P_ij / P_jj (i ≠ j), B_jj = 0;
 * score(u, ·) = x_u · B.
 */
export class Ease extends BaseModel<EaseParams> {
  readonly algorithm = 'ease';
  readonly task = 'ranking';
  private weights: Float32Array = new Float32Array(0);
  private userRows?: Csr;

  constructor(params: Partial<EaseParams> = {}) {
    super({ lambda: 250, maxItems: 20_000 }, params);
  }

  protected async train(train: InteractionMatrix): Promise<void> {
    const n = train.nItems;
    if (n > this.params.maxItems) {
      throw new ModelError(
        'INVALID_PARAM',
        `EASE needs a dense ${n}×${n} matrix`,
        'raise maxItems or use ALS',
      );
    }
    const rows = train.byUser;
    const g = new Float64Array(n * n);
    for (let u = 0; u < train.nUsers; u++) {
      const start = rows.indptr[u];
      const end = rows.indptr[u + 1];
      for (let a = start; a < end; a++) {
        const ra = rows.indices[a] * n;
        const va = rows.values[a];
        for (let b = start; b < end; b++) g[ra + rows.indices[b]] += va * rows.values[b];
      }
    }
    for (let i = 0; i < n; i++) g[i * n + i] += this.params.lambda;
    const p = await spdInverseTf(await tfRuntime(), g, n);
    const w = new Float32Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) w[i * n + j] = i === j ? 0 : -p[i * n + j] / p[j * n + j];
    }
    this.weights = w;
    this.userRows = rows;
  }

  scoreAll(user: UserRef, out?: Float32Array): Float32Array {
    const { items, values } = historyOf(this.resolveUser(user), this.userRows!);
    const n = this.itemIds.length;
    const o = this.scoreBuffer(out).fill(0);
    const w = this.weights;
    for (let h = 0; h < items.length; h++) {
      const base = items[h] * n;
      const x = values[h];
      for (let j = 0; j < n; j++) o[j] += x * w[base + j];
    }
    return o;
  }

  protected state() {
    return { blobs: { weights: this.weights, ...csrBlobs('user', this.userRows!) }, extra: {} };
  }

  protected restore(blobs: Record<string, Blob>): void {
    this.weights = blob(blobs, 'weights', Float32Array);
    this.userRows = readCsr(blobs, 'user');
  }
}
