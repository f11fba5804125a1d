export * from './env.js';
export * from './features/aggregate.js';
export * from './features/weights.js';
export * from './metrics.js';
export * from './node-flags.js';
export * from './worker.js';
