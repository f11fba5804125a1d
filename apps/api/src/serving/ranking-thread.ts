/**
 * Internal: the worker side of `createThreadedRanker` (threaded-ranker.ts). Holds the snapshots the
 * main thread sent (catalog items, sentiment, popularity lists, models) by id, and runs the very
 * same `rankForUser` on them, so a list ranked here equals one ranked inline.
 */
import { parentPort } from 'node:worker_threads';
import type { CatalogItem } from './catalog.js';
import { type ActiveModel, activate } from './model-cache.js';
import type { RankedIds } from './popularity.js';
import { rankForUser } from './rank.js';
import type { Reply, ToThread } from './threaded-ranker.js';

type Snapshot = Map<string, CatalogItem> | Map<string, number> | RankedIds | ActiveModel;

const snapshots = new Map<number, Snapshot>();
const port = parentPort!;
const noCategories = new Map<string, CatalogItem[]>();

function take<T extends Snapshot>(id: number): T {
  const found = snapshots.get(id);
  if (found === undefined) throw new Error(`ranking thread: snapshot ${id} was never sent`);
  return found as T;
}

port.on('message', (messages: ToThread[]) => {
  // One reply for the whole message: the lists asked for together go back together.
  const replies: Reply[] = [];
  for (const message of messages) handle(message, replies);
  if (replies.length > 0) port.postMessage(replies);
});

function handle(message: ToThread, replies: Reply[]): void {
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
      try {
        const items = rankForUser({
          ...input,
          catalog: { byId: take(input.items), sentiment: take(input.sentiment), byCategory: noCategories },
          model: input.model === null ? null : take<ActiveModel>(input.model),
          trending: take(input.trending),
          popular: take(input.popular),
          segment: input.segment === null ? null : take<RankedIds>(input.segment),
        });
        replies.push({ seq, ok: true, items });
      } catch (error) {
        replies.push({ seq, ok: false, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
}
