import type { Connection } from '@tessera/db';

/** The channel migration 0011 notifies at the commit of any change to interactions, users or follows. */
export const USER_STATE_CHANNEL = 'tessera_user_state';

/** Users of one tenant whose state changed; `userIds` null means every user of the tenant. */
export interface UserStateChange {
  tenantId: string;
  userIds: string[] | null;
}

/** `{"t": tenant, "u": [ids]}`, or `{"t": tenant}` for the whole tenant; null when unreadable. */
export function parseUserStateChange(payload: string): UserStateChange | null {
  try {
    const doc = JSON.parse(payload) as { t?: unknown; u?: unknown };
    if (typeof doc.t !== 'string') return null;
    if (doc.u === undefined) return { tenantId: doc.t, userIds: null };
    if (!Array.isArray(doc.u) || !doc.u.every((u) => typeof u === 'string')) return null;
    return { tenantId: doc.t, userIds: doc.u as string[] };
  } catch {
    return null;
  }
}

export interface UserStateListenerHandlers {
  onChange(change: UserStateChange): void;
  /** The subscription is down: changes may be missed from now until `onListening`. */
  onLost(): void;
  onListening(): void;
}

/**
 * Subscribes the handlers to USER_STATE_CHANNEL through `@tessera/db`'s `listen`, whose hooks say
 * when the connection was lost and when it listens again: a cache kept correct by notifications
 * must know the moment it may have missed one. An unreadable payload named users nobody can tell,
 * so it counts as a loss at once (everything forgotten), and the subscription, still up, listens on.
 */
export function listenForUserStates(
  listen: Connection['listen'],
  handlers: UserStateListenerHandlers,
): Promise<() => Promise<void>> {
  return listen(
    USER_STATE_CHANNEL,
    (payload) => {
      const change = parseUserStateChange(payload);
      if (change) {
        handlers.onChange(change);
        return;
      }
      handlers.onLost();
      handlers.onListening();
    },
    { onLost: () => handlers.onLost(), onListening: () => handlers.onListening() },
  );
}
