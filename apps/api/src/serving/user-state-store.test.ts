import { describe, expect, it } from 'vitest';
import type { UserState } from './user-state.js';
import { PackedStates } from './user-state-store.js';

function state(id: string, history: [string, number][], extra: Partial<UserState> = {}): UserState {
  return {
    user: { id, conditions: null, riskTolerance: null, level: null, completedItems: null },
    segment: null,
    history: history.map(([itemId, strength]) => ({ itemId, strength })),
    newestInteractionAt: history.length ? 1_700_000_000_123.5 : null,
    social: new Map(),
    followsSomeone: false,
    ...extra,
  };
}

describe('PackedStates', () => {
  it('gives back each packed state as it was: history order, strengths, attributes, no history', () => {
    const states = [
      state('a', [
        ['i2', 1],
        ['i1', 0.30000001192092896],
        ['i3', -1],
      ]),
      state('b', [], {
        user: { id: 'b', conditions: ['asthma'], riskTolerance: 2, level: 0.5, completedItems: ['c1'] },
        segment: 'north',
      }),
      state('c', [['i1', 2]]),
    ];
    const builder = PackedStates.builder();
    for (const s of states) builder.add(s);
    const packed = builder.build();
    expect(packed.size).toBe(3);
    for (const s of states) expect(packed.get(s.user.id)).toEqual(s);
    expect(packed.get('nobody')).toBeUndefined();
  });

  it('hands out a fresh history per call, so no request sees another one’s array', () => {
    const builder = PackedStates.builder();
    builder.add(state('a', [['i1', 1]]));
    const packed = builder.build();
    expect(packed.get('a')!.history).not.toBe(packed.get('a')!.history);
  });

  it('forgets a dropped user and no one else', () => {
    const builder = PackedStates.builder();
    builder.add(state('a', [['i1', 1]]));
    builder.add(state('b', [['i1', 1]]));
    const packed = builder.build();
    packed.drop('a');
    packed.drop('unknown');
    expect(packed.get('a')).toBeUndefined();
    expect(packed.get('b')?.history).toEqual([{ itemId: 'i1', strength: 1 }]);
  });
});
