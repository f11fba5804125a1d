import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// The end-to-end suite builds Next.js once (skipped when the sources are unchanged) and drives a
// real Chromium: its hooks need longer than the shared defaults on a busy 2-core machine.
export default mergeConfig(
  shared,
  defineConfig({ test: { testTimeout: 60_000, hookTimeout: 420_000, fileParallelism: false } }),
);
