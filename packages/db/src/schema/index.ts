export * from './catalog.js';
export * from './events.js';
export * from './experiments.js';
export * from './features.js';
export * from './offline-events.js';
export * from './policy.js';
export * from './registry.js';
export * from './tenancy.js';
