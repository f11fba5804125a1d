export * from './data/builder.js';
export * from './data/interactions.js';
export * from './data/movielens.js';
export * from './data/paths.js';
export * from './errors.js';
export * from './rng.js';
