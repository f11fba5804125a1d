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

/** The parts of a `pg` pool this module uses: its client class and connection options. */
export interface PgPoolWithClient {
  Client: new (
    options: object,
  ) => {
    connect(): Promise<void>;
    query(text: string): Promise<unknown>;
    end(): Promise<void>;
    on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): void;
    on(event: 'error' | 'end', listener: () => void): void;
  };
  options: object;
}

/**
 * A dedicated LISTEN connection (not one of the pool's) that says when it is lost, which the db
 * package's `listen` does not: a cache kept correct by notifications must know the moment it may
 * have missed one. Reconnects with backoff. The first connection's failure is thrown.
 */
export async function listenForUserStates(
  pool: PgPoolWithClient,
  handlers: UserStateListenerHandlers,
): Promise<() => Promise<void>> {
  let current: InstanceType<PgPoolWithClient['Client']> | undefined;
  let stopped = false;
  let delay = 250;
  const reopen = (): void => {
    if (stopped) return;
    delay = Math.min(delay * 2, 10_000);
    setTimeout(() => void open().catch(reopen), delay);
  };
  const open = async (): Promise<void> => {
    const client = new pool.Client({ ...pool.options, application_name: 'tessera-api-user-states' });
    let up = false;
    let down = false;
    const lose = () => {
      if (down) return;
      down = true;
      client.end().catch(() => {});
      if (!up || stopped) return; // a failed open (its caller retries), or closed on purpose
      handlers.onLost();
      reopen();
    };
    client.on('error', lose);
    client.on('end', lose);
    client.on('notification', (message) => {
      if (message.channel !== USER_STATE_CHANNEL) return;
      const change = parseUserStateChange(message.payload ?? '');
      // Unreadable: nothing can be trusted about what it named.
      if (change) handlers.onChange(change);
      else lose();
    });
    try {
      await client.connect();
      await client.query(`listen ${USER_STATE_CHANNEL}`);
    } catch (error) {
      lose();
      throw error;
    }
    if (down || stopped) {
      await client.end().catch(() => {});
      throw new Error('user-state listener closed while opening');
    }
    up = true;
    current = client;
    delay = 250;
    handlers.onListening();
  };
  await open();
  return async () => {
    stopped = true;
    await current?.end().catch(() => {});
  };
}
