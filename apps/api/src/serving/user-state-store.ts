import type { PipelineUser } from '@tessera/pipelines';
import type { UserState } from './user-state.js';

type Attributes = Omit<PipelineUser, 'id'> & { segment: string | null };

/**
 * A tenant's users packed into flat arrays (a preload of 100k users is a handful of typed arrays the
 * garbage collector never walks, not a million small objects): history item ids as indexes into one
 * list of names, strengths and each user's newest interaction beside them, attributes only for the
 * few users that have any. A user dropped since (a write of theirs was announced) is marked dead.
 */
export class PackedStates {
  private readonly slots: Map<string, number>;
  private readonly alive: Uint8Array;
  private readonly offsets: Int32Array;
  private readonly items: Int32Array;
  private readonly strengths: Float64Array;
  private readonly newest: Float64Array;
  private readonly names: string[];
  private readonly attributes: Map<number, Attributes>;

  /** Built by `PackedStates.builder()`. */
  constructor(parts: PackedParts) {
    this.slots = parts.slots;
    this.alive = new Uint8Array(parts.slots.size).fill(1);
    this.offsets = Int32Array.from(parts.offsets);
    this.items = Int32Array.from(parts.items);
    this.strengths = Float64Array.from(parts.strengths);
    this.newest = Float64Array.from(parts.newest);
    this.names = parts.names;
    this.attributes = parts.attributes;
  }

  get size(): number {
    return this.slots.size;
  }

  /** A fresh state object (nothing shared with other requests but attribute arrays), or undefined. */
  get(userId: string): UserState | undefined {
    const slot = this.slots.get(userId);
    if (slot === undefined || this.alive[slot] === 0) return undefined;
    const history: UserState['history'] = [];
    for (let k = this.offsets[slot]!; k < this.offsets[slot + 1]!; k++)
      history.push({ itemId: this.names[this.items[k]!]!, strength: this.strengths[k]! });
    const a = this.attributes.get(slot);
    const newest = this.newest[slot]!;
    return {
      user: {
        id: userId,
        conditions: a?.conditions ?? null,
        riskTolerance: a?.riskTolerance ?? null,
        level: a?.level ?? null,
        completedItems: a?.completedItems ?? null,
      },
      segment: a?.segment ?? null,
      history,
      newestInteractionAt: Number.isNaN(newest) ? null : newest,
      social: new Map(),
      followsSomeone: false,
    };
  }

  drop(userId: string): void {
    const slot = this.slots.get(userId);
    if (slot !== undefined) this.alive[slot] = 0;
  }

  static builder(): PackedStatesBuilder {
    return new PackedStatesBuilder();
  }
}

interface PackedParts {
  slots: Map<string, number>;
  /** Where each user's history begins in `items`/`strengths`, and one past the last user's end. */
  offsets: number[];
  items: number[];
  strengths: number[];
  newest: number[];
  names: string[];
  attributes: Map<number, Attributes>;
}

export class PackedStatesBuilder {
  private readonly slots = new Map<string, number>();
  private readonly offsets: number[] = [0];
  private readonly items: number[] = [];
  private readonly strengths: number[] = [];
  private readonly newest: number[] = [];
  private readonly names: string[] = [];
  private readonly nameIndex = new Map<string, number>();
  private readonly attributes = new Map<number, Attributes>();

  add(state: UserState): void {
    if (this.slots.has(state.user.id)) return;
    const slot = this.slots.size;
    this.slots.set(state.user.id, slot);
    for (const h of state.history) {
      let index = this.nameIndex.get(h.itemId);
      if (index === undefined) {
        index = this.names.length;
        this.names.push(h.itemId);
        this.nameIndex.set(h.itemId, index);
      }
      this.items.push(index);
      this.strengths.push(h.strength);
    }
    this.offsets.push(this.items.length);
    this.newest.push(state.newestInteractionAt ?? Number.NaN);
    const { user, segment } = state;
    if (
      segment != null ||
      user.conditions != null ||
      user.riskTolerance != null ||
      user.level != null ||
      user.completedItems != null
    ) {
      this.attributes.set(slot, {
        segment,
        conditions: user.conditions ?? null,
        riskTolerance: user.riskTolerance ?? null,
        level: user.level ?? null,
        completedItems: user.completedItems ?? null,
      });
    }
  }

  build(): PackedStates {
    return new PackedStates({
      slots: this.slots,
      offsets: this.offsets,
      items: this.items,
      strengths: this.strengths,
      newest: this.newest,
      names: this.names,
      attributes: this.attributes,
    });
  }
}
