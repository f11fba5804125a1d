import { randomBytes } from 'node:crypto';
import { addAdmin, type ProvisionedTenant, provisionTenant } from '@tessera/api';
import { adminUsers, type Db, items, models, users, type Vertical, withTenant } from '@tessera/db';
import { buildInteractions, createModel } from '@tessera/models';
import { gql, login } from './stack.js';

/** Markers that cannot occur by chance: finding one in a response or a log means the data got there. */
export const marker = (label: string) => `${label}-${randomBytes(6).toString('hex')}`;

export async function smallArtifact(userIds: string[], itemIds: string[]) {
  const model = createModel('als', { factors: 4, iterations: 2, seed: 1 } as never);
  await model.fit(buildInteractions({ userIds, itemIds }));
  return model.save();
}

export interface Victim extends ProvisionedTenant {
  ownerEmail: string;
  /** B's owner as an admin user (the id admin-user mutations name). */
  ownerId: string;
  ownerCookie: string;
  userIds: string[];
  itemIds: string[];
  titles: string[];
  personal: string[];
  modelIds: string[];
  keyIds: string[];
  keyPrefixes: string[];
  experimentId: string;
  experimentKey: string;
  jobId: string;
  eventIds: string[];
}

/**
 * Tenant B: users with personal fields, titled items, two model versions, an experiment, a training
 * job, events (with review text) and an owner session. Every value is a marker.
 */
export async function seedVictim(db: Db, apiUrl: string, vertical: Vertical = 'finance'): Promise<Victim> {
  const slug = marker('victim').toLowerCase();
  const tenant = await provisionTenant(db, { slug, name: marker('VictimName'), vertical });
  const userIds = Array.from({ length: 8 }, (_, u) => marker(`bUser${u}`));
  const itemIds = Array.from({ length: 12 }, (_, i) => marker(`bItem${i}`));
  const titles = itemIds.map(() => marker('BTITLE'));
  const personal = userIds.flatMap(() => [marker('BCONDITION'), marker('BATTR')]);
  const interactions = { u: [] as string[], i: [] as string[] };
  for (let u = 0; u < userIds.length; u++)
    for (let i = u % 3; i < itemIds.length; i += 2) {
      interactions.u.push(userIds[u]!);
      interactions.i.push(itemIds[i]!);
    }
  const artifact = await smallArtifact(interactions.u, interactions.i);
  await withTenant(db, tenant.tenantId, async (tx) => {
    await tx.insert(items).values(
      itemIds.map((id, i) => ({
        tenantId: tenant.tenantId,
        id,
        title: titles[i]!,
        category: 'bonds',
        riskLevel: 2,
      })),
    );
    await tx.insert(users).values(
      userIds.map((id, u) => ({
        tenantId: tenant.tenantId,
        id,
        segment: 'vip',
        riskTolerance: 4,
        conditions: [personal[2 * u]!],
        attributes: { note: personal[2 * u + 1]! },
      })),
    );
    await tx.insert(models).values(
      [1, 2].map((version) => ({
        tenantId: tenant.tenantId,
        vertical,
        algorithm: 'als',
        version,
        status: version === 1 ? ('active' as const) : ('candidate' as const),
        artifact,
        ...(version === 1 ? { promotedAt: new Date() } : {}),
      })),
    );
  });
  const ownerEmail = `${marker('bowner')}@victim.example`;
  await addAdmin(db, tenant.tenantId, ownerEmail, 'victim-password-1', 'owner');
  const [owner] = await withTenant(db, tenant.tenantId, (tx) =>
    tx.select({ id: adminUsers.id }).from(adminUsers),
  );
  const ownerCookie = await login(apiUrl, ownerEmail, 'victim-password-1');
  const admin = { key: tenant.keys.admin };
  const must = async (query: string, variables: Record<string, unknown> = {}) => {
    const reply = await gql(apiUrl, query, variables, admin);
    if (reply.body.errors || !reply.body.data) throw new Error(`victim setup: ${reply.text}`);
    // biome-ignore lint/suspicious/noExplicitAny: setup reads a few known fields
    return reply.body.data as Record<string, any>;
  };
  const modelRows = (await must('{ models { id version } }')).models as { id: string }[];
  const keyRows = (await must('{ apiKeys { id prefix } }')).apiKeys as { id: string; prefix: string }[];
  const experimentKey = marker('bexp');
  const experiment = await must(
    'mutation($input: ExperimentInput!) { createExperiment(input: $input) { id } }',
    {
      input: {
        key: experimentKey,
        name: marker('BEXPNAME'),
        variants: [
          { key: 'control', weight: 0.5, modelId: modelRows[0]!.id },
          { key: 'treatment', weight: 0.5, modelId: modelRows[1]!.id },
        ],
      },
    },
  );
  const job = await must('mutation { trainModel(algorithm: "als") { id } }');
  const eventIds = userIds.map(() => marker('bEvent'));
  const reviews = userIds.map(() => marker('BREVIEW'));
  personal.push(...reviews);
  const ingest = await fetch(`${apiUrl}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.keys.ingest}` },
    body: JSON.stringify(
      userIds.map((userId, u) => ({
        eventId: eventIds[u],
        type: 'review',
        userId,
        itemId: itemIds[u],
        props: { text: `${reviews[u]} great fund`, rating: 5 },
      })),
    ),
  });
  if (ingest.status !== 200) throw new Error(`victim events: ${ingest.status} ${await ingest.text()}`);
  return {
    ...tenant,
    ownerEmail,
    ownerId: owner!.id,
    ownerCookie,
    userIds,
    itemIds,
    titles,
    personal,
    modelIds: modelRows.map((m) => m.id),
    keyIds: keyRows.map((k) => k.id),
    keyPrefixes: keyRows.map((k) => k.prefix),
    experimentId: experiment.createExperiment.id,
    experimentKey,
    jobId: job.trainModel.id,
    eventIds,
  };
}

/** Polls until `check` is true or the deadline passes. */
export async function waitFor(check: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting for ${what}`);
}
