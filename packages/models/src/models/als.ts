import type { Blob } from '../artifacts/format.js';
import type { Csr, InteractionMatrix } from '../data/interactions.js';
import { ModelError } from '../errors.js';
import { solveSpd, spdInverse } from '../linalg/dense.js';
import { AlsSweeper, alsSimdAvailable } from '../linalg/simd/als-sweeper.js';
import { createRng } from '../rng.js';
import { BaseModel } from './base.js';
import type { FitConfig, FoldIn, UserHistory, UserRef } from './contract.js';
import { gramPlusReg, randomFactors } from './factor-utils.js';
import { blob } from './state.js';

export interface AlsParams {
  factors: number;
  /** L2 weight λ on user and item factors. */
  regularization: number;
  /** Confidence c_ui = 1 + alpha·r_ui for observed entries (1 for the rest). */
  alpha: number;
  iterations: number;
  /** Conjugate-gradient steps per user/item solve (warm-started from the previous vector). */
  cgSteps: number;
  seed: number;
}

/**
 * Implicit-feedback ALS (Hu, Koren, Volinsky 2008): minimise Σ_{u,i} c_ui (p_ui − x_uᵀy_i)² + λ(‖X‖² + ‖Y‖²)
 * with p_ui = 1 on observed entries. Each x_u solves (YᵀY + Yᵀ(C_u − I)Y + λI) x_u = YᵀC_u p_u; the solve is a
 * few conjugate-gradient steps (Takács et al.) costing O(n_u·f + f²) per step, never forming the matrix.
 */
export class Als extends BaseModel<AlsParams> implements FoldIn {
  readonly algorithm = 'als';
  readonly task = 'ranking';
  private userFactors: Float32Array = new Float32Array(0);
  private itemFactors: Float32Array = new Float32Array(0);
  private foldInGram?: Float64Array;
  /** (YᵀY + λI)⁻¹, for one-item fold-ins. */
  private foldInGramInverse?: Float64Array;

  constructor(params: Partial<AlsParams> = {}) {
    // Defaults tuned on the ml-100k RecBole validation split (src/bench/tune.ts).
    super({ factors: 32, regularization: 20, alpha: 1, iterations: 10, cgSteps: 2, seed: 42 }, params);
  }

  protected train(train: InteractionMatrix, config: FitConfig): void {
    const { factors: f, regularization, alpha, iterations, cgSteps, seed } = this.params;
    const rng = createRng(seed);
    const userStart = randomFactors(train.nUsers, f, 0.01, rng);
    const itemStart = randomFactors(train.nItems, f, 0.01, rng);
    this.foldInGram = undefined;
    this.foldInGramInverse = undefined;
    const byUser = train.byUser;
    const byItem = train.byItem;
    if (alsSimdAvailable) {
      // float32 SIMD sweeps (als-cg.wat), as implicit trains in float32.
      const sweeper = new AlsSweeper(train.nUsers, train.nItems, f, byUser, byItem, alpha);
      sweeper.setFactors(userStart, itemStart);
      for (let it = 0; it < iterations; it++) {
        sweeper.sweepUsers(regularization, cgSteps);
        sweeper.sweepItems(regularization, cgSteps);
        config.onProgress?.(`als iteration ${it + 1}/${iterations}`);
      }
      this.userFactors = sweeper.factorsOf('users');
      this.itemFactors = sweeper.factorsOf('items');
      return;
    }
    // The scalar reference: Float64 sweeps, stored as Float32.
    const users = Float64Array.from(userStart);
    const items = Float64Array.from(itemStart);
    for (let it = 0; it < iterations; it++) {
      conjugateGradientSweep(users, items, byUser, train.nItems, f, regularization, alpha, cgSteps);
      conjugateGradientSweep(items, users, byItem, train.nUsers, f, regularization, alpha, cgSteps);
      config.onProgress?.(`als iteration ${it + 1}/${iterations}`);
    }
    this.userFactors = Float32Array.from(users);
    this.itemFactors = Float32Array.from(items);
  }

  /** Exact solve of the user's normal equations against the trained item factors. */
  foldIn(history: UserHistory): Float32Array {
    this.assertFitted();
    for (let k = 0; k < history.items.length; k++) this.assertItem(history.items[k]);
    if (history.items.length === 1) return this.foldInOne(history.items[0], history.values?.[0] ?? 1);
    const f = this.params.factors;
    const y = this.itemFactors;
    this.foldInGram ??= gramPlusReg(y, this.itemIds.length, f, this.params.regularization);
    const a = this.foldInGram.slice();
    const b = new Float64Array(f);
    for (let k = 0; k < history.items.length; k++) {
      const c = 1 + this.params.alpha * (history.values?.[k] ?? 1);
      const base = history.items[k] * f;
      for (let r = 0; r < f; r++) {
        const yr = y[base + r];
        b[r] += c * yr;
        const w = (c - 1) * yr;
        for (let s = 0; s < f; s++) a[r * f + s] += w * y[base + s];
      }
    }
    return Float32Array.from(solveSpd(a, b, f));
  }

  /**
   * `foldIn` of a one-item history, without a solve: its matrix is G + w·y·yᵀ (G = YᵀY + λI,
   * w = c − 1, y the item's factors) and its right side c·y, so by Sherman–Morrison the answer is
   * c·G⁻¹y / (1 + w·yᵀG⁻¹y), with G⁻¹ computed once per model. A 32×32 product per item instead of
   * a factorisation: serving explains each list by its user's recent items one at a time, and
   * `foldIn` takes this path for any one-item history.
   */
  foldInOne(item: number, value = 1): Float32Array {
    this.assertFitted();
    this.assertItem(item);
    const f = this.params.factors;
    const y = this.itemFactors;
    const base = item * f;
    this.foldInGram ??= gramPlusReg(y, this.itemIds.length, f, this.params.regularization);
    this.foldInGramInverse ??= spdInverse(this.foldInGram, f);
    const inverse = this.foldInGramInverse;
    const z = new Float64Array(f);
    let q = 0;
    for (let r = 0; r < f; r++) {
      let sum = 0;
      for (let s = 0; s < f; s++) sum += inverse[r * f + s] * y[base + s];
      z[r] = sum;
      q += y[base + r] * sum;
    }
    const c = 1 + this.params.alpha * value;
    // G + w·y·yᵀ is positive definite exactly when this is positive; a strong enough negative
    // interaction breaks that, and the solve would have refused the matrix too.
    const denominator = 1 + (c - 1) * q;
    if (!(denominator > 0))
      throw new ModelError('INVALID_PARAM', 'matrix is not positive definite', 'increase the regularisation');
    const scale = c / denominator;
    const out = new Float32Array(f);
    for (let r = 0; r < f; r++) out[r] = z[r] * scale;
    return out;
  }

  /** A history naming an item the model does not have would fold in garbage: say which instead. */
  private assertItem(item: number): void {
    if (!(Number.isInteger(item) && item >= 0 && item < this.itemIds.length))
      throw new ModelError(
        'UNKNOWN_ITEM',
        `item index ${item} is out of range (the model has ${this.itemIds.length} items)`,
        "map item ids through the model's itemIds and leave out items it was not trained on",
      );
  }

  /** The trained vector of a user index (a view, do not modify). */
  userVector(u: number): Float32Array {
    const f = this.params.factors;
    return this.userFactors.subarray(u * f, (u + 1) * f);
  }

  /** The trained vector of an item index (a view, do not modify). */
  itemVector(i: number): Float32Array {
    const f = this.params.factors;
    return this.itemFactors.subarray(i * f, (i + 1) * f);
  }

  /** Both factor matrices, row-major (views). */
  factorMatrices(): { user: Float32Array; item: Float32Array } {
    return { user: this.userFactors, item: this.itemFactors };
  }

  scoreAll(user: UserRef, out?: Float32Array): Float32Array {
    const u = this.resolveUser(user);
    const f = this.params.factors;
    const vector = typeof u === 'number' ? this.userFactors.subarray(u * f, (u + 1) * f) : this.foldIn(u);
    return this.scoreFactors(vector, this.itemFactors, f, out);
  }

  /** Only the asked items: serving explains a few candidates per request, not the whole catalog. */
  override scoreItems(user: UserRef, items: ArrayLike<number>): Float32Array {
    const u = this.resolveUser(user);
    const f = this.params.factors;
    const vector = typeof u === 'number' ? this.userFactors.subarray(u * f, (u + 1) * f) : this.foldIn(u);
    return this.scoreSomeFactors(vector, this.itemFactors, f, items);
  }

  protected state() {
    return { blobs: { userFactors: this.userFactors, itemFactors: this.itemFactors }, extra: {} };
  }

  protected restore(blobs: Record<string, Blob>): void {
    this.userFactors = blob(blobs, 'userFactors', Float32Array);
    this.itemFactors = blob(blobs, 'itemFactors', Float32Array);
  }
}

/**
 * @internal The scalar reference (and fallback) of the SIMD kernel: one half-iteration, updates every row of X given the fixed Y. For each row, r = b − A·x, then `steps`
 * CG iterations on A = YᵀY + λI + Σ_i (c_i − 1) y_i y_iᵀ (as implicit's `least_squares_cg`).
 */
export function conjugateGradientSweep(
  x: Float64Array,
  y: Float64Array,
  rows: Csr,
  nY: number,
  f: number,
  reg: number,
  alpha: number,
  steps: number,
): void {
  const yty = gram64(y, nY, f, reg);
  const r = new Float64Array(f);
  const p = new Float64Array(f);
  const ap = new Float64Array(f);
  const nRows = rows.indptr.length - 1;
  for (let u = 0; u < nRows; u++) {
    const start = rows.indptr[u];
    const end = rows.indptr[u + 1];
    const xo = u * f;
    if (start === end) {
      x.fill(0, xo, xo + f);
      continue;
    }
    symMul(yty, x, xo, r, f, -1);
    for (let k = start; k < end; k++) {
      const c = 1 + alpha * rows.values[k];
      const yo = rows.indices[k] * f;
      let yx = 0;
      for (let a = 0; a < f; a++) yx += y[yo + a] * x[xo + a];
      const w = c - (c - 1) * yx;
      for (let a = 0; a < f; a++) r[a] += w * y[yo + a];
    }
    let rsOld = 0;
    for (let a = 0; a < f; a++) {
      p[a] = r[a];
      rsOld += r[a] * r[a];
    }
    if (rsOld < 1e-20) continue;
    for (let s = 0; s < steps; s++) {
      symMul(yty, p, 0, ap, f, 1);
      for (let k = start; k < end; k++) {
        const c1 = alpha * rows.values[k];
        const yo = rows.indices[k] * f;
        let yp = 0;
        for (let a = 0; a < f; a++) yp += y[yo + a] * p[a];
        const w = c1 * yp;
        for (let a = 0; a < f; a++) ap[a] += w * y[yo + a];
      }
      let pAp = 0;
      for (let a = 0; a < f; a++) pAp += p[a] * ap[a];
      const step = rsOld / pAp;
      let rsNew = 0;
      for (let a = 0; a < f; a++) {
        x[xo + a] += step * p[a];
        r[a] -= step * ap[a];
        rsNew += r[a] * r[a];
      }
      if (rsNew < 1e-20) break;
      const beta = rsNew / rsOld;
      for (let a = 0; a < f; a++) p[a] = r[a] + beta * p[a];
      rsOld = rsNew;
    }
  }
}

/** out = sign · M·v[vo..vo+f] for an f×f matrix M. */
function symMul(m: Float64Array, v: Float64Array, vo: number, out: Float64Array, f: number, sign: number) {
  for (let a = 0; a < f; a++) {
    let s = 0;
    const row = a * f;
    for (let b = 0; b < f; b++) s += m[row + b] * v[vo + b];
    out[a] = sign * s;
  }
}

/** YᵀY + reg·I for the Float64 training copy of the factors. */
function gram64(y: Float64Array, n: number, f: number, reg: number): Float64Array {
  const g = new Float64Array(f * f);
  for (let r = 0; r < n; r++) {
    const base = r * f;
    for (let a = 0; a < f; a++) {
      const ya = y[base + a];
      const ga = a * f;
      for (let b = 0; b <= a; b++) g[ga + b] += ya * y[base + b];
    }
  }
  for (let a = 0; a < f; a++) {
    for (let b = 0; b < a; b++) g[b * f + a] = g[a * f + b];
    g[a * f + a] += reg;
  }
  return g;
}
