import type { Admin } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { awaitLeaders } from './kafka.js';

/** The one admin call awaitLeaders makes, answering from a script of outcomes in turn. */
function scriptedAdmin(outcomes: (Error | number[])[]): { admin: Admin; calls: () => number } {
  let calls = 0;
  const admin = {
    async fetchTopicMetadata({ topics }: { topics: string[] }) {
      const outcome = outcomes[Math.min(calls, outcomes.length - 1)] as Error | number[];
      calls += 1;
      if (outcome instanceof Error) throw outcome;
      return {
        topics: [
          { name: topics[0], partitions: outcome.map((leader, partitionId) => ({ partitionId, leader })) },
        ],
      };
    },
  } as unknown as Admin;
  return { admin, calls: () => calls };
}

const kafkaError = (type: string) => Object.assign(new Error(type), { type });

describe('awaitLeaders', () => {
  it('waits through the errors of a topic just created until every partition has a leader', async () => {
    const { admin, calls } = scriptedAdmin([
      kafkaError('UNKNOWN_TOPIC_OR_PARTITION'),
      kafkaError('LEADER_NOT_AVAILABLE'),
      [1, -1],
      [1, 1],
    ]);
    await awaitLeaders(admin, 'fresh');
    expect(calls()).toBe(4);
  });

  it('rethrows any other error at once', async () => {
    const { admin, calls } = scriptedAdmin([kafkaError('TOPIC_AUTHORIZATION_FAILED')]);
    await expect(awaitLeaders(admin, 'guarded')).rejects.toThrow('TOPIC_AUTHORIZATION_FAILED');
    expect(calls()).toBe(1);
  });

  it('gives up with UNAVAILABLE and what it last saw when the leaders never come', async () => {
    const { admin } = scriptedAdmin([[-1, -1, 2]]);
    await expect(awaitLeaders(admin, 'stuck', 300)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('2 of 3 partitions without a leader'),
      retriable: true,
    });
  });
});
