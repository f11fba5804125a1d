import { tenants, withTenant } from '@tessera/db';
import { defaultSettings } from '@tessera/pipelines';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAdmin, type ProvisionedTenant, provisionTenant } from '../src/admin/provision.js';
import { type Harness, startHarness } from './harness.js';

const VALUES = `weights { personal popularity recency social } diversityLambda maxPerAssetClass
  defaultRiskTolerance maxDifficultyGap defaultLevel`;
const SETTINGS = `{ vertical overrides defaults { ${VALUES} } effective { ${VALUES} } }`;
const UPDATE = `mutation($rules: RuleSettingsInput!) { updateTenantSettings(rules: $rules) ${SETTINGS} }`;

describe('rule settings: read by every role, changed by admins and owners with validation', () => {
  let h: Harness;
  let a: ProvisionedTenant;
  let b: ProvisionedTenant;
  let viewer: string;

  beforeAll(async () => {
    h = await startHarness();
    a = await provisionTenant(h.database.db, {
      slug: 'rules-a',
      name: 'Rules A',
      vertical: 'finance',
      settings: { trainer: { algorithm: 'bpr' } },
    });
    b = await provisionTenant(h.database.db, { slug: 'rules-b', name: 'Rules B', vertical: 'education' });
    await addAdmin(h.database.db, a.tenantId, 'viewer@rules.test', 'viewer-password-1', 'viewer');
    const res = await fetch(`${h.server.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'viewer@rules.test', password: 'viewer-password-1' }),
    });
    viewer = res.headers.get('set-cookie')!.split(';')[0]!;
  });
  afterAll(async () => h?.close());

  const stored = async (tenantId: string) =>
    (await withTenant(h.database.db, tenantId, (tx) => tx.select().from(tenants)))[0]!.settings;

  it("shows the vertical's defaults when nothing is overridden", async () => {
    const res = await h.gql(`{ ruleSettings ${SETTINGS} }`, {}, undefined, { cookie: viewer });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.ruleSettings).toEqual({
      vertical: 'finance',
      overrides: {},
      defaults: defaultSettings.finance,
      effective: defaultSettings.finance,
    });
  });

  it('saves overrides, merges them over the defaults and keeps the other settings', async () => {
    const res = await h.gql(
      UPDATE,
      { rules: { maxPerAssetClass: 2, diversityLambda: 0.5, weights: { social: 0, personal: 0.9 } } },
      a.keys.admin,
    );
    expect(res.body.errors).toBeUndefined();
    const saved = res.body.data!.updateTenantSettings;
    expect(saved.overrides).toEqual({
      maxPerAssetClass: 2,
      diversityLambda: 0.5,
      weights: { social: 0, personal: 0.9 },
    });
    expect(saved.effective).toEqual({
      ...defaultSettings.finance,
      maxPerAssetClass: 2,
      diversityLambda: 0.5,
      weights: { ...defaultSettings.finance.weights, social: 0, personal: 0.9 },
    });
    expect(await stored(a.tenantId)).toEqual({ trainer: { algorithm: 'bpr' }, rules: saved.overrides });
    expect((await h.gql(`{ ruleSettings { overrides } }`, {}, a.keys.read)).body.data?.ruleSettings).toEqual({
      overrides: saved.overrides,
    });
    expect(await stored(b.tenantId)).toEqual({});
  });

  it('reaches the serving path at once: the tenant row this instance caches is refreshed', async () => {
    const served = async () =>
      (await h.server.services.tenants.get(a.tenantId)).settings as Record<string, unknown>;
    await served(); // cached now, for the TTL
    const res = await h.gql(UPDATE, { rules: { maxPerAssetClass: 4 } }, a.keys.admin);
    expect(res.body.errors).toBeUndefined();
    expect((await served()).rules).toEqual({ maxPerAssetClass: 4 });
  });

  it('names every invalid field and changes nothing', async () => {
    const before = await stored(a.tenantId);
    const res = await h.gql(
      UPDATE,
      { rules: { diversityLambda: 1.5, defaultRiskTolerance: 9, weights: { recency: -0.1 } } },
      a.keys.admin,
    );
    const error = res.body.errors?.[0] as { message: string; extensions: Record<string, unknown> };
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('diversityLambda must be ≤ 1');
    expect(error.message).toContain('defaultRiskTolerance must be 1–5');
    expect(error.message).toContain('weights.recency must be ≥ 0');
    expect(error.extensions.fields).toEqual(
      expect.arrayContaining([{ field: 'diversityLambda', message: 'must be ≤ 1 (1 = no diversification)' }]),
    );
    const allZero = await h.gql(
      UPDATE,
      { rules: { weights: { personal: 0, popularity: 0, recency: 0, social: 0 } } },
      a.keys.admin,
    );
    expect(allZero.body.errors?.[0]?.message).toMatch(/at least one weight must be > 0/);
    const fractional = await h.gql(UPDATE, { rules: { maxPerAssetClass: 2.5 } }, a.keys.admin);
    expect(fractional.body.errors?.[0]?.extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
    expect(await stored(a.tenantId)).toEqual(before);
  });

  it('clears the overrides when every field is empty', async () => {
    const res = await h.gql(
      UPDATE,
      { rules: { diversityLambda: null, weights: { social: null } } },
      a.keys.admin,
    );
    expect(res.body.data?.updateTenantSettings.overrides).toEqual({});
    expect(await stored(a.tenantId)).toEqual({ trainer: { algorithm: 'bpr' } });
  });

  it('refuses viewers and keys without the admin scope', async () => {
    const asViewer = await h.gql(UPDATE, { rules: { diversityLambda: 0.1 } }, undefined, { cookie: viewer });
    expect(asViewer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const asReader = await h.gql(UPDATE, { rules: { diversityLambda: 0.1 } }, a.keys.read);
    expect(asReader.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await stored(a.tenantId)).toEqual({ trainer: { algorithm: 'bpr' } });
  });
});
