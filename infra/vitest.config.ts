import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../vitest.shared.js';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      include: ['local/**/*.test.mjs'],
      // Starting a JVM broker and initdb on a 2-core machine takes tens of seconds on a cold run.
      hookTimeout: 300_000,
      testTimeout: 120_000,
    },
  }),
);
