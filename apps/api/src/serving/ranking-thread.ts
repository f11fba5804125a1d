/**
 * Internal: the worker side of `createThreadedRanker` (threaded-ranker.ts). Holds the snapshots the
 * main thread sent (catalog items, sentiment, popularity lists, models) by id, and runs the very
 * same `rankForUser` on them, so a list ranked here equals one ranked inline.
 */
import { parentPort } from 'node:worker_threads';
import type { RankedItem } from '@tessera/pipelines';
import type { CatalogItem } from './catalog.js';
import { type ActiveModel, activate } from './model-cache.js';
import type { RankedIds } from './popularity.js';
import { rankForUser } from './rank.js';
import type { ToThread } from './threaded-ranker.js';

type Snapshot = Map<string, CatalogItem> | Map<string, number> | RankedIds | ActiveModel;

const snapshots = new Map<number, Snapshot>();
const port = parentPort!;
const noCategories = new Map<string, CatalogItem[]>();

function take<T extends Snapshot>(id: number): T {
  const found = snapshots.get(id);
  if (found === undefined) throw new Error(`ranking thread: snapshot ${id} was never sent`);
  return found as T;
}

port.on('message', (message: ToThread) => {
  switch (message.type) {
    case 'put': {
      const { id, snapshot } = message;
      snapshots.set(
        id,
        snapshot.kind === 'model' ? activate(snapshot.row, snapshot.artifact) : snapshot.value,
      );
      return;
    }
    case 'drop':
      snapshots.delete(message.id);
      return;
    case 'rank': {
      const { seq, input } = message;
      let items: RankedItem[];
      try {
        items = rankForUser({
          ...input,
          catalog: { byId: take(input.items), sentiment: take(input.sentiment), byCategory: noCategories },
          model: input.model === null ? null : take<ActiveModel>(input.model),
          trending: take(input.trending),
          popular: take(input.popular),
          segment: input.segment === null ? null : take<RankedIds>(input.segment),
        });
      } catch (error) {
        port.postMessage({ seq, ok: false, error: error instanceof Error ? error.message : String(error) });
        return;
      }
      port.postMessage({ seq, ok: true, items });
    }
  }
});
