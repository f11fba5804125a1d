import { adminUsers, apiKeys, type Db, experiments, items, models, users, withTenant } from '@tessera/db';
import { type GqlReply, gql } from './stack.js';
import type { Victim } from './tenants.js';

/**
 * The API's four permissions, plus the two that admin-user operations use: listing admins needs a
 * dashboard session of any role or an admin-scoped key; changing them needs an owner's session (never a key).
 */
export type Permission = 'read' | 'ingest' | 'write' | 'manageKeys' | 'readAdmins' | 'manageAdmins';

/**
 * What each GraphQL operation needs. Written down here, not read from the server, so a change of
 * rights shows up as a failing test; an operation missing here fails the coverage test.
 */
export const permissionOf: Record<string, Permission> = {
  tenant: 'read',
  me: 'read',
  recommendations: 'read',
  similarItems: 'read',
  trending: 'read',
  user: 'read',
  item: 'read',
  models: 'read',
  experiments: 'read',
  experiment: 'read',
  trainingJobs: 'read',
  streamHealth: 'read',
  socialAnalytics: 'read',
  influencers: 'read',
  engagement: 'read',
  sentimentTrend: 'read',
  apiKeys: 'manageKeys',
  trackEvents: 'ingest',
  upsertItems: 'write',
  upsertUsers: 'write',
  createApiKey: 'manageKeys',
  revokeApiKey: 'manageKeys',
  createExperiment: 'write',
  startExperiment: 'write',
  stopExperiment: 'write',
  trainModel: 'write',
  promoteModel: 'write',
  adminUsers: 'readAdmins',
  ruleSettings: 'read',
  createAdminUser: 'manageAdmins',
  updateAdminUserRole: 'manageAdmins',
  removeAdminUser: 'manageAdmins',
  updateTenantSettings: 'write',
};

/** The documented rights (ARCHITECTURE.md §3): API-key scopes and dashboard roles per permission. */
const allowed: Record<Permission, string[]> = {
  read: ['key:read', 'key:admin', 'role:viewer', 'role:admin', 'role:owner'],
  ingest: ['key:ingest', 'key:admin', 'role:admin', 'role:owner'],
  write: ['key:admin', 'role:admin', 'role:owner'],
  manageKeys: ['key:admin', 'role:owner'],
  readAdmins: ['key:admin', 'role:viewer', 'role:admin', 'role:owner'],
  manageAdmins: ['role:owner'],
};
export const permits = (credential: string, permission: Permission) =>
  allowed[permission].includes(credential);

export const injections = (victimTenantId: string) => [
  "' OR '1'='1",
  "'; DROP TABLE items; --",
  '" OR 1=1 --',
  "1'; select pg_sleep(3); --",
  `x' OR tenant_id = '${victimTenantId}`,
  "') UNION SELECT id, title FROM items --",
  `'; select set_config('app.tenant_id', '${victimTenantId}', false); --`,
  '%',
  '*/ } { apiKeys { id prefix } } #',
  '{"$ne": null}',
];

/** B's data that A must never see: every marker except those A itself put in the request. */
export function victimSecrets(victim: Victim): string[] {
  return [
    victim.tenantId,
    victim.slug,
    victim.ownerEmail,
    victim.ownerId,
    victim.experimentId,
    victim.experimentKey,
    victim.jobId,
    ...victim.userIds,
    ...victim.itemIds,
    ...victim.titles,
    ...victim.personal,
    ...victim.modelIds,
    ...victim.keyIds,
    ...victim.keyPrefixes,
    ...victim.eventIds,
    ...Object.values(victim.keys),
  ];
}

export function leaks(secrets: string[], request: string, response: string): string[] {
  return secrets.filter((s) => !request.includes(s) && response.includes(s));
}

export const errorCodes = (reply: GqlReply) =>
  (reply.body.errors ?? []).map((e) => e.extensions?.code ?? '?');

const snapshotQuery = (victim: Victim) => `{
  tenant { id slug name vertical settings }
  models { id version status params metrics promotedAt }
  apiKeys { id name prefix scopes revokedAt createdAt }
  experiments { id key name status seed coverage variants { key weight modelId strategy } startedAt stoppedAt }
  trainingJobs { id status algorithm attempts }
  streamHealth(window: MONTH) { events byType { type count } deadLetterCount }
  ${victim.userIds.map((id, n) => `u${n}: user(id: "${id}") { id segment attributes features { views reviews ratingMean } }`).join('\n')}
  ${victim.itemIds.map((id, n) => `i${n}: item(id: "${id}") { id title category active attributes }`).join('\n')}
}`;

/** B's state as B sees it (its admin key, its owner session) and as its rows stand in PostgreSQL. */
export async function victimState(url: string, db: Db, victim: Victim) {
  const byKey = await gql(url, snapshotQuery(victim), {}, { key: victim.keys.admin });
  if (byKey.body.errors) throw new Error(`victim snapshot: ${byKey.text}`);
  const bySession = await gql(url, '{ me { tenantId role email } }', {}, { cookie: victim.ownerCookie });
  const rows = await withTenant(db, victim.tenantId, async (tx) => ({
    users: await tx.select().from(users).orderBy(users.id),
    items: await tx.select().from(items).orderBy(items.id),
    models: (await tx.select().from(models).orderBy(models.id)).map(({ artifact, ...m }) => ({
      ...m,
      artifactBytes: artifact?.length,
    })),
    keys: (await tx.select().from(apiKeys).orderBy(apiKeys.id)).map(({ lastUsedAt: _, ...k }) => k),
    experiments: await tx.select().from(experiments).orderBy(experiments.id),
    admins: (await tx.select().from(adminUsers)).map(({ lastLoginAt: _, ...a }) => a),
  }));
  return { graphql: byKey.body.data, session: bySession.body, rows };
}
