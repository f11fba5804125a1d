import { decodeArtifact } from '../artifacts/format.js';
import type { InteractionMatrix } from '../data/interactions.js';
import { ModelError } from '../errors.js';
import { NeuralRanker, type NeuralRankerParams } from '../neural/ranker.js';
import { Als, type AlsParams } from './als.js';
import type { BaseModel } from './base.js';
import { BiasedMf, type BiasedMfParams } from './biased-mf.js';
import { Blend, type BlendParams, blendMembers } from './blend.js';
import { Bpr, type BprParams } from './bpr.js';
import type { FitConfig, FitReport } from './contract.js';
import { Ease, type EaseParams } from './ease.js';
import { ItemKnn, type ItemKnnParams } from './item-knn.js';
import { Popularity, type PopularityParams } from './popularity.js';
import { SvdPp, type SvdPpParams } from './svdpp.js';
import { Trending, type TrendingParams } from './trending.js';

/** Hyper-parameters of each algorithm, by name. */
export interface AlgorithmParams {
  popularity: PopularityParams;
  trending: TrendingParams;
  itemknn: ItemKnnParams;
  ease: EaseParams;
  als: AlsParams;
  bpr: BprParams;
  biasedmf: BiasedMfParams;
  svdpp: SvdPpParams;
  neural: NeuralRankerParams;
  blend: BlendParams;
}

export type AlgorithmName = keyof AlgorithmParams;

const CONSTRUCTORS: {
  [K in AlgorithmName]: new (
    params?: Partial<AlgorithmParams[K]>,
  ) => BaseModel<AlgorithmParams[K]>;
} = {
  popularity: Popularity,
  trending: Trending,
  itemknn: ItemKnn,
  ease: Ease,
  als: Als,
  bpr: Bpr,
  biasedmf: BiasedMf,
  svdpp: SvdPp,
  neural: NeuralRanker,
  blend: Blend,
};

blendMembers.create = (name) => createModel(name as AlgorithmName) as BaseModel<object>;
blendMembers.load = (bytes) => loadModel(bytes);

/** Every algorithm name `createModel` accepts. */
export const ALGORITHMS = Object.keys(CONSTRUCTORS) as AlgorithmName[];

/** A new, unfitted model; unspecified hyper-parameters take their documented defaults. */
export function createModel<K extends AlgorithmName>(
  name: K,
  params: Partial<AlgorithmParams[K]> = {},
): BaseModel<AlgorithmParams[K]> {
  const Ctor = CONSTRUCTORS[name] as
    | (new (
        p: Partial<AlgorithmParams[K]>,
      ) => BaseModel<AlgorithmParams[K]>)
    | undefined;
  if (!Ctor) {
    throw new ModelError(
      'UNKNOWN_ALGORITHM',
      `unknown algorithm "${String(name)}"`,
      `use one of ${ALGORITHMS}`,
    );
  }
  return new Ctor(params);
}

/**
 * Restores a model saved with `save()`. Throws ARTIFACT_CORRUPT (bad magic, checksum, truncation),
 * ARTIFACT_VERSION (other format version) or UNKNOWN_ALGORITHM.
 */
export function loadModel(bytes: Uint8Array): BaseModel<object> {
  const { header, blobs } = decodeArtifact(bytes);
  const model = createModel(header.algorithm as AlgorithmName, header.params as never) as BaseModel<object>;
  model.restoreState({ userIds: header.userIds, itemIds: header.itemIds }, blobs, header.extra);
  return model;
}

/** createModel + fit in one call: returns the fitted model and its report (validation score when `valid` given). */
export async function fitModel<K extends AlgorithmName>(
  name: K,
  train: InteractionMatrix,
  options: { params?: Partial<AlgorithmParams[K]>; valid?: InteractionMatrix; config?: FitConfig } = {},
): Promise<{ model: BaseModel<AlgorithmParams[K]>; report: FitReport }> {
  const model = createModel(name, options.params);
  const report = await model.fit(train, options.valid, options.config);
  return { model, report };
}
