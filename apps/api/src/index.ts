export * from './admin/demo.js';
export * from './admin/provision.js';
export * from './auth/secrets.js';
export * from './env.js';
export * from './node-flags.js';
export * from './server.js';
