import { describe, expect, it } from 'vitest';
import { loadApiEnv } from './env.js';

describe('API environment', () => {
  it('runs embedded with nothing set, publishing to the topic the stream-worker reads by default', () => {
    const env = loadApiEnv({});
    expect(env).toMatchObject({ API_PORT: 4000, API_EVENTS_TOPIC: 'events.v1' });
    expect(env.KAFKA_BROKERS).toBeUndefined();
    expect(loadApiEnv({ API_EVENTS_TOPIC: 'acme.events-v2' }).API_EVENTS_TOPIC).toBe('acme.events-v2');
  });

  it.each([
    ['API_PORT', '70000', 'API_PORT'],
    ['API_EVENTS_TOPIC', '../elsewhere', 'a topic name is 1–249 letters'],
    ['API_EVENTS_TOPIC', '..', 'cannot be "." or ".."'],
    ['API_EVENTS_TOPIC', 'x'.repeat(250), 'a topic name is 1–249 letters'],
    ['API_USER_STATE_CACHE', 'yes', 'API_USER_STATE_CACHE'],
  ])('stops on a bad %s (%s), naming it and what it expects', (variable, value, expected) => {
    let error: unknown;
    try {
      loadApiEnv({ [variable]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'BAD_CONFIG' });
    expect((error as Error).message).toContain(variable);
    expect((error as Error).message).toContain(expected);
  });
});
