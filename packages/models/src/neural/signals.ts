import type { Blob } from '../artifacts/format.js';
import type { Csr, InteractionMatrix } from '../data/interactions.js';
import { Als } from '../models/als.js';
import type { UserHistory } from '../models/contract.js';
import { Ease } from '../models/ease.js';
import { historyOf } from '../models/history.js';
import { ItemKnn } from '../models/item-knn.js';
import { blob, csrBlobs, readCsr } from '../models/state.js';
import { topK } from '../models/topk.js';
import { packModel, unpackModel } from './nested.js';

export interface SignalParams {
  /** ALS factors; ALS's other hyper-parameters keep their tuned defaults. */
  factors: number;
  knnNeighbors: number;
  easeLambda: number;
  /** EASE is a signal only up to this catalog size (it keeps an n×n matrix); 0 turns it off. */
  easeMaxItems: number;
  /** Append p_u ⊙ q_i (the ALS factors, elementwise) to each row. */
  factorFeatures: boolean;
  seed: number;
}

/** Columns every row starts with; `factorFeatures` appends p_u ⊙ q_i after them. */
export const SIGNAL_COLUMNS = [
  'als',
  'alsGap',
  'alsRank',
  'popularity',
  'activity',
  'knn',
  'knnShare',
  'knnRank',
  'ease',
  'easeGap',
  'easeRank',
] as const;

/** The candidates of one user, best ALS score first, and the ALS score of every item. */
export interface Candidates {
  items: Int32Array;
  als: Float32Array;
}

/**
 * The models whose scores the neural ranker re-ranks: ALS generates each user's top-n candidates (history
 * excluded) and, with item-kNN, EASE and the popularity/activity counts, describes each one as a feature row.
 * Gaps and ranks are relative to the user's own candidates, so users with many or few items look alike.
 */
export class RankerSignals {
  private constructor(
    private readonly als: Als,
    private readonly knn: ItemKnn,
    private readonly ease: Ease | undefined,
    /** log(1 + interactions) of each item. */
    private readonly popularity: Float32Array,
    private readonly rows: Csr,
    private readonly factorFeatures: boolean,
  ) {}

  static async fit(train: InteractionMatrix, p: SignalParams): Promise<RankerSignals> {
    const als = new Als({ factors: p.factors, seed: p.seed });
    await als.fit(train);
    const knn = new ItemKnn({ neighbors: p.knnNeighbors });
    await knn.fit(train);
    let ease: Ease | undefined;
    if (train.nItems <= p.easeMaxItems) {
      ease = new Ease({ lambda: p.easeLambda });
      await ease.fit(train);
    }
    const counts = new Float32Array(train.nItems);
    for (let e = 0; e < train.nnz; e++) counts[train.items[e]]++;
    return new RankerSignals(als, knn, ease, counts.map(Math.log1p), train.byUser, p.factorFeatures);
  }

  get dim(): number {
    return SIGNAL_COLUMNS.length + (this.factorFeatures ? this.als.params.factors : 0);
  }

  /**
   * Picks the user's top-`n` ALS candidates and writes their feature rows into `out` (row r at r·stride,
   * `dim` columns). Returns the candidates (fewer than n when the catalog minus history is smaller).
   */
  candidates(
    user: number | UserHistory,
    n: number,
    out: Float32Array,
    offset: number,
    stride: number,
  ): Candidates {
    const history = historyOf(user, this.rows);
    const scores = this.als.scoreAll(user);
    const unseen = scores.slice();
    for (let h = 0; h < history.items.length; h++) unseen[history.items[h]] = Number.NEGATIVE_INFINITY;
    const best = topK(unseen, n);
    const { items } = best;
    const count = items.length;
    if (count === 0) return { items, als: scores };
    const knn = this.knn.scoreAll(user);
    const ease = this.ease?.scoreAll(user);
    const knnOf = Float32Array.from(items, (i) => knn[i]);
    const easeOf = Float32Array.from(items, (i) => ease?.[i] ?? 0);
    const knnRank = ranks(knnOf);
    const easeRank = ranks(easeOf);
    const maxKnn = Math.max(...knnOf);
    const maxEase = Math.max(...easeOf);
    const activity = Math.log1p(history.items.length);
    const f = this.als.params.factors;
    const vector = !this.factorFeatures
      ? undefined
      : typeof user === 'number'
        ? this.als.userVector(user)
        : this.als.foldIn(user);
    for (let r = 0; r < count; r++) {
      const i = items[r];
      const at = offset + r * stride;
      out[at] = best.scores[r];
      out[at + 1] = best.scores[r] - best.scores[0];
      out[at + 2] = Math.log2(2 + r);
      out[at + 3] = this.popularity[i];
      out[at + 4] = activity;
      out[at + 5] = knnOf[r];
      out[at + 6] = maxKnn > 0 ? knnOf[r] / maxKnn : 0;
      out[at + 7] = Math.log2(2 + knnRank[r]);
      out[at + 8] = easeOf[r];
      out[at + 9] = easeOf[r] - maxEase;
      out[at + 10] = Math.log2(2 + easeRank[r]);
      if (vector) {
        const q = this.als.itemVector(i);
        for (let c = 0; c < f; c++) out[at + SIGNAL_COLUMNS.length + c] = vector[c] * q[c];
      }
    }
    return { items, als: scores };
  }

  pack(): { blobs: Record<string, Blob>; extra: Record<string, unknown> } {
    const als = packModel(this.als);
    const knn = packModel(this.knn);
    const ease = this.ease && packModel(this.ease);
    const blobs: Record<string, Blob> = {
      signalAls: als.words,
      signalKnn: knn.words,
      popularity: this.popularity,
      ...csrBlobs('signalRows', this.rows),
    };
    if (ease) blobs.signalEase = ease.words;
    return {
      blobs,
      extra: {
        alsBytes: als.bytes,
        knnBytes: knn.bytes,
        easeBytes: ease?.bytes ?? 0,
        factorFeatures: this.factorFeatures,
      },
    };
  }

  static unpack(blobs: Record<string, Blob>, extra: Record<string, unknown>): RankerSignals {
    const easeBytes = Number(extra.easeBytes);
    return new RankerSignals(
      unpackModel(Als, blobs, 'signalAls', Number(extra.alsBytes)),
      unpackModel(ItemKnn, blobs, 'signalKnn', Number(extra.knnBytes)),
      easeBytes ? unpackModel(Ease, blobs, 'signalEase', easeBytes) : undefined,
      blob(blobs, 'popularity', Float32Array),
      readCsr(blobs, 'signalRows'),
      extra.factorFeatures === true,
    );
  }
}

/** 0-based rank of each value when sorted in descending order (ties by position). */
function ranks(values: Float32Array): Int32Array {
  const order = Array.from(values.keys()).sort((a, b) => values[b] - values[a] || a - b);
  const out = new Int32Array(values.length);
  order.forEach((k, r) => {
    out[k] = r;
  });
  return out;
}
