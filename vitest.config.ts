import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'infra', 'e2e'],
    // Integration suites share one PostgreSQL server and one Kafka broker on a 2-core machine.
    maxWorkers: 2,
  },
});
