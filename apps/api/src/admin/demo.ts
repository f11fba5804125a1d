import { type Db, items, tenants, users, type Vertical, withPlatform, withTenant } from '@tessera/db';
import { type EventPublisher, validateClientEvent } from '@tessera/events';
import { createRng } from '@tessera/models';
import { addAdmin, provisionTenant } from './provision.js';

export interface DemoTenant {
  vertical: Vertical;
  tenantId: string;
  name: string;
  adminEmail: string;
  readKey: string;
  ingestKey: string;
  adminKey: string;
}

export const DEMO_PASSWORD = 'tessera-demo';

const catalogs: Record<Vertical, { name: string; categories: string[]; noun: string }> = {
  medical: {
    name: 'Demo Health',
    categories: ['nutrition', 'exercise', 'sleep', 'medication', 'mental-health'],
    noun: 'Care plan',
  },
  finance: {
    name: 'Demo Invest',
    categories: ['equity', 'bond', 'cash', 'commodity', 'crypto'],
    noun: 'Fund',
  },
  education: {
    name: 'Demo Academy',
    categories: ['math', 'science', 'languages', 'history', 'programming'],
    noun: 'Course',
  },
  entertainment: {
    name: 'Demo Stream',
    categories: ['drama', 'comedy', 'action', 'documentary', 'sci-fi'],
    noun: 'Title',
  },
};
const conditions = ['diabetes', 'hypertension', 'pregnancy', 'asthma', 'kidney-disease'];
const reviewTexts = [
  'Loved it, really great!',
  'Not bad, but a bit long.',
  'Terrible. Would not recommend.',
  'Pretty good overall :)',
  'Absolutely AMAZING!!!',
  'It was okay I guess',
  'Boring and too slow',
];

/** Has a demo been seeded already (any tenant exists)? */
export async function hasTenants(db: Db): Promise<boolean> {
  const rows = await withPlatform(db, (tx) => tx.select({ id: tenants.id }).from(tenants).limit(1));
  return rows.length > 0;
}

/**
 * One demo tenant per vertical: a catalog with the vertical's attributes, users, and two weeks of
 * events sent through the event transport, so the stream-worker builds features as in production.
 */
export async function seedDemo(
  db: Db,
  publisher: EventPublisher,
  options: { users?: number; items?: number; eventsPerUser?: number } = {},
): Promise<DemoTenant[]> {
  const nUsers = options.users ?? 300;
  const nItems = options.items ?? 200;
  const eventsPerUser = options.eventsPerUser ?? 20;
  const out: DemoTenant[] = [];
  for (const vertical of ['medical', 'finance', 'education', 'entertainment'] as const) {
    // Deterministic, so every fresh demo looks the same.
    const rng = createRng(vertical.length * 7919);
    const random = rng.next;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const spec = catalogs[vertical];
    const tenant = await provisionTenant(db, { slug: `demo-${vertical}`, name: spec.name, vertical });
    const adminEmail = `admin@${vertical}.demo`;
    await addAdmin(db, tenant.tenantId, adminEmail, DEMO_PASSWORD, 'owner');
    await addAdmin(db, tenant.tenantId, `viewer@${vertical}.demo`, DEMO_PASSWORD, 'viewer');
    const itemRows = Array.from({ length: nItems }, (_, i) => {
      const category = spec.categories[i % spec.categories.length]!;
      return {
        tenantId: tenant.tenantId,
        id: `item-${i}`,
        title: `${spec.noun} ${i + 1}: ${category}`,
        category,
        genres: [category, pick(spec.categories)],
        contraindications: vertical === 'medical' && random() < 0.25 ? [pick(conditions)] : null,
        riskLevel: vertical === 'finance' ? 1 + Math.floor(random() * 5) : null,
        assetClass: vertical === 'finance' ? category : null,
        prerequisites:
          vertical === 'education' && i >= spec.categories.length && random() < 0.5
            ? [`item-${i - spec.categories.length}`]
            : null,
        difficulty: vertical === 'education' ? Math.round(random() * 50) / 10 : null,
        createdAt: new Date(Date.now() - random() * 60 * 86_400_000),
      };
    });
    const userRows = Array.from({ length: nUsers }, (_, u) => ({
      tenantId: tenant.tenantId,
      id: `user-${u}`,
      segment: pick(['north', 'south', 'east', 'west']),
      conditions: vertical === 'medical' ? conditions.filter(() => random() < 0.2) : null,
      riskTolerance: vertical === 'finance' ? 1 + Math.floor(random() * 5) : null,
      level: vertical === 'education' ? Math.round(random() * 40) / 10 : null,
    }));
    await withTenant(db, tenant.tenantId, async (tx) => {
      await tx.insert(items).values(itemRows);
      await tx.insert(users).values(userRows);
    });

    // Each user prefers two categories; popularity within a category is Zipf-like.
    const now = Date.now();
    const inputs: Record<string, unknown>[] = [];
    for (let u = 0; u < nUsers; u++) {
      const liked = [pick(spec.categories), pick(spec.categories)];
      for (let e = 0; e < eventsPerUser; e++) {
        const category = random() < 0.8 ? pick(liked) : pick(spec.categories);
        const inCategory = itemRows.filter((it) => it.category === category);
        const item =
          inCategory[Math.min(inCategory.length - 1, Math.floor(inCategory.length * random() ** 2))]!;
        const ts = new Date(now - random() * 14 * 86_400_000).toISOString();
        const base = { userId: `user-${u}`, itemId: item.id, ts };
        const roll = random();
        if (roll < 0.45) inputs.push({ ...base, type: 'view' });
        else if (roll < 0.7) inputs.push({ ...base, type: 'click' });
        else if (roll < 0.8) inputs.push({ ...base, type: 'like' });
        else if (roll < 0.85) inputs.push({ ...base, type: 'share' });
        else if (roll < 0.9)
          inputs.push({ ...base, type: 'rating', props: { rating: 1 + Math.floor(random() * 5) } });
        else if (roll < 0.95)
          inputs.push({
            ...base,
            type: 'review',
            props: { text: pick(reviewTexts), rating: 1 + Math.floor(random() * 5) },
          });
        else
          inputs.push({
            ...base,
            type: 'purchase',
            props: { value: Math.round(random() * 5000) / 100, currency: 'EUR' },
          });
      }
      if (random() < 0.5)
        inputs.push({
          type: 'follow',
          userId: `user-${u}`,
          ts: new Date(now - random() * 7 * 86_400_000).toISOString(),
          props: { targetUserId: `user-${Math.floor(random() * nUsers)}` },
        });
    }
    const envelopes = [];
    for (const input of inputs) {
      const result = validateClientEvent(input, { tenantId: tenant.tenantId, now: new Date() });
      if (result.ok) envelopes.push(result.event);
    }
    for (let i = 0; i < envelopes.length; i += 2_000) await publisher.publish(envelopes.slice(i, i + 2_000));
    out.push({
      vertical,
      tenantId: tenant.tenantId,
      name: spec.name,
      adminEmail,
      readKey: tenant.keys.read,
      ingestKey: tenant.keys.ingest,
      adminKey: tenant.keys.admin,
    });
  }
  return out;
}
