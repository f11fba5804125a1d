export * from './diversity.js';
export * from './explain.js';
export * from './pipeline.js';
export * from './rules.js';
export * from './settings.js';
export * from './types.js';
export * from './verticals.js';
