import type { Vertical } from '@tessera/db';
import { createRng, type Rng } from '@tessera/models';

/** A generated catalog item with the vertical attributes the rule packs read. */
export interface SyntheticItem {
  id: string;
  title: string;
  category: string;
  genres: string[] | null;
  contraindications: string[] | null;
  riskLevel: number | null;
  assetClass: string | null;
  prerequisites: string[] | null;
  difficulty: number | null;
}

export interface SyntheticUser {
  id: string;
  conditions: string[] | null;
  riskTolerance: number | null;
  level: number | null;
  completedItems: string[] | null;
}

/** Parallel columns of (user, item, strength, unix seconds); one entry per distinct pair. */
export interface SyntheticInteractions {
  userIds: string[];
  itemIds: string[];
  strengths: Float32Array;
  timestamps: Float64Array;
}

export interface SyntheticTenant {
  vertical: Vertical;
  items: SyntheticItem[];
  users: SyntheticUser[];
  interactions: SyntheticInteractions;
}

export interface SyntheticOptions {
  users: number;
  items: number;
  /** Mean distinct items per user. */
  perUser: number;
  /** Taste clusters; each item belongs to one, each user prefers one or two. */
  clusters?: number;
  /** Timestamps spread over this many days before `endSeconds`. */
  days?: number;
  endSeconds?: number;
  seed?: number;
}

const CONDITIONS = ['pregnancy', 'hypertension', 'diabetes', 'asthma', 'kidney-disease', 'allergy-nsaid'];
const ASSET_CLASSES = ['equity', 'bond', 'cash', 'commodity', 'real-estate', 'crypto'];
const GENRES = ['drama', 'comedy', 'action', 'documentary', 'horror', 'romance', 'sci-fi', 'animation'];

/**
 * A tenant with learnable structure: user u picks 80 % of their items from their favourite clusters and
 * 20 % anywhere, both skewed toward popular items (Zipf within a cluster), so a factorization model beats
 * popularity and a shuffled model does not. Vertical attributes are drawn independently of taste, so
 * model candidates routinely include items the rules must filter (contraindicated, too risky, locked).
 */
export function generateTenant(vertical: Vertical, options: SyntheticOptions): SyntheticTenant {
  const rng = createRng(options.seed ?? 11);
  const clusters = options.clusters ?? 12;
  const items = Array.from({ length: options.items }, (_, i) => makeItem(vertical, i, clusters, rng));
  const byCluster: number[][] = Array.from({ length: clusters }, (_, c) =>
    Array.from({ length: Math.ceil((options.items - c) / clusters) }, (_, k) => c + k * clusters),
  );
  const users = Array.from({ length: options.users }, (_, u) => makeUser(vertical, u, items, rng));
  const end = options.endSeconds ?? Math.floor(Date.now() / 1000);
  const span = (options.days ?? 60) * 86_400;
  const userIds: string[] = [];
  const itemIds: string[] = [];
  const strengths: number[] = [];
  const timestamps: number[] = [];
  const chosen = new Set<number>();
  for (let u = 0; u < options.users; u++) {
    const favourites = [rng.int(clusters), rng.int(clusters)];
    const n = Math.max(4, Math.round(options.perUser * (0.4 + 1.2 * rng.next())));
    chosen.clear();
    for (let tries = 0; chosen.size < Math.min(n, options.items) && tries < n * 10; tries++) {
      const pool = rng.next() < 0.8 ? byCluster[favourites[rng.int(2)] ?? 0] : undefined;
      chosen.add(pool ? (pool[zipf(pool.length, rng)] ?? 0) : zipf(options.items, rng));
    }
    const userStart = end - span + rng.next() * span * 0.5;
    for (const i of chosen) {
      userIds.push(users[u]?.id ?? '');
      itemIds.push(items[i]?.id ?? '');
      strengths.push(1 + rng.int(3));
      timestamps.push(Math.floor(userStart + rng.next() * (end - userStart)));
    }
  }
  return {
    vertical,
    items,
    users,
    interactions: {
      userIds,
      itemIds,
      strengths: Float32Array.from(strengths),
      timestamps: Float64Array.from(timestamps),
    },
  };
}

/** Index in [0, n) with P(k) ∝ 1/(k+1)^0.8, by inverse transform on the continuous approximation. */
function zipf(n: number, rng: Rng): number {
  const s = 0.8;
  const top = (n + 1) ** (1 - s) - 1;
  return Math.min(n - 1, Math.floor((1 + rng.next() * top) ** (1 / (1 - s)) - 1));
}

function pick<T>(values: readonly T[], rng: Rng): T {
  return values[rng.int(values.length)] as T;
}

function makeItem(vertical: Vertical, i: number, clusters: number, rng: Rng): SyntheticItem {
  const item: SyntheticItem = {
    id: `i${i}`,
    title: `Item ${i}`,
    category: `c${i % clusters}`,
    genres: null,
    contraindications: null,
    riskLevel: null,
    assetClass: null,
    prerequisites: null,
    difficulty: null,
  };
  if (vertical === 'medical') {
    item.contraindications = rng.next() < 0.4 ? [pick(CONDITIONS, rng)] : [];
  } else if (vertical === 'finance') {
    item.riskLevel = 1 + rng.int(5);
    item.assetClass = ASSET_CLASSES[(i + rng.int(2)) % ASSET_CLASSES.length] ?? 'cash';
  } else if (vertical === 'education') {
    item.difficulty = 1 + rng.int(5);
    // Prerequisites point at easier items only, so the graph is acyclic.
    item.prerequisites = i > 5 && rng.next() < 0.5 ? [`i${rng.int(i)}`] : [];
  } else {
    item.genres = [pick(GENRES, rng), pick(GENRES, rng)].filter((g, k, a) => a.indexOf(g) === k);
  }
  return item;
}

function makeUser(vertical: Vertical, u: number, items: SyntheticItem[], rng: Rng): SyntheticUser {
  const user: SyntheticUser = {
    id: `u${u}`,
    conditions: null,
    riskTolerance: null,
    level: null,
    completedItems: null,
  };
  if (vertical === 'medical') {
    user.conditions = CONDITIONS.filter(() => rng.next() < 0.25);
  } else if (vertical === 'finance') {
    // Some users have no tolerance on file: the pipeline must assume the most conservative one.
    user.riskTolerance = rng.next() < 0.1 ? null : 1 + rng.int(5);
  } else if (vertical === 'education') {
    user.level = 1 + rng.int(5);
    user.completedItems = Array.from({ length: rng.int(6) }, () => pick(items, rng).id);
  }
  return user;
}
