import { inArray, itemFeatures, userFeatures } from '@tessera/db';
import DataLoader from 'dataloader';
import type { RequestContext } from './context.js';

type UserFeatureRow = typeof userFeatures.$inferSelect;
type ItemFeatureRow = typeof itemFeatures.$inferSelect;

export interface Loaders {
  userFeatures: DataLoader<string, UserFeatureRow | undefined>;
  itemFeatures: DataLoader<string, ItemFeatureRow | undefined>;
}

/** Per-request batching: a list of 100 items reads its features in one query, not 100. */
export function createLoaders(ctx: Pick<RequestContext, 'scoped'>): Loaders {
  return {
    userFeatures: new DataLoader(async (ids) => {
      const rows = await ctx.scoped('read', (tx) =>
        tx
          .select()
          .from(userFeatures)
          .where(inArray(userFeatures.userId, [...ids])),
      );
      const byId = new Map(rows.map((r) => [r.userId, r]));
      return ids.map((id) => byId.get(id));
    }),
    itemFeatures: new DataLoader(async (ids) => {
      const rows = await ctx.scoped('read', (tx) =>
        tx
          .select()
          .from(itemFeatures)
          .where(inArray(itemFeatures.itemId, [...ids])),
      );
      const byId = new Map(rows.map((r) => [r.itemId, r]));
      return ids.map((id) => byId.get(id));
    }),
  };
}
