import type { apiKeys, models, users } from '@tessera/db';

/** Database rows the resolvers hand to GraphQL types (codegen `mappers`). */
export type UserRow = typeof users.$inferSelect;
export type ApiKeyRow = Omit<typeof apiKeys.$inferSelect, 'secretHash'>;
export type ModelRow = Omit<typeof models.$inferSelect, 'artifact'>;
export type ExperimentRow = typeof import('@tessera/db').experiments.$inferSelect;
export type TrainingJobRow = typeof import('@tessera/db').trainingJobs.$inferSelect;
