import { defineConfig } from 'drizzle-kit';

const tables = [
  'analytics',
  'catalog',
  'events',
  'experiments',
  'features',
  'policy',
  'registry',
  'social',
  'tenancy',
];

export default defineConfig({
  dialect: 'postgresql',
  // `offline-events.ts` is partitioned by time, which drizzle-kit cannot express: it lives in a hand-written migration.
  schema: tables.map((name) => `./src/schema/${name}.ts`),
  out: './drizzle',
});
