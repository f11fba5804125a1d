import { eq, events, experiments, withTenant } from '@tessera/db';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickUntil, hydrated, launchChromium, open, pages, shot, signIn } from './browser.js';
import { OWNER, type Seeded, seedTenant, VIEWER } from './fixture.js';
import { type Stack, startStack } from './harness.js';

describe('team, rule settings and experiment history in Chromium', () => {
  let stack: Stack;
  let seeded: Seeded;
  let browser: Browser;
  const tabs = pages(
    () => browser,
    () => stack.dashboardUrl,
  );

  beforeAll(async () => {
    browser = await launchChromium();
    stack = await startStack();
    seeded = await seedTenant(stack.database.db, stack.gql, { users: 10, items: 10, eventsPerUser: 2 });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function signedIn(email: string): Promise<Page> {
    const page = await tabs.fresh();
    await signIn(page, email);
    await page.waitForURL(`${stack.dashboardUrl}/`);
    return page;
  }

  /** Signs in through the API itself and returns the session cookie (or null when refused). */
  async function apiSession(email: string, password: string): Promise<string | null> {
    const res = await fetch(`${stack.api.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    return res.ok ? res.headers.get('set-cookie')!.split(';')[0]! : null;
  }

  async function asSession(cookie: string, query: string) {
    const res = await fetch(`${stack.api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ query }),
    });
    return (await res.json()) as {
      data?: { me?: { role?: string } };
      errors?: { extensions?: { code?: string } }[];
    };
  }

  it('lets an owner invite an admin with a one-time password, change roles and remove them', async () => {
    const page = await signedIn(OWNER);
    await page.getByRole('link', { name: 'Team' }).click();
    await page.waitForURL('**/team');
    await page.getByRole('heading', { name: 'Team', level: 1 }).waitFor();
    const team = page.getByRole('region', { name: 'Admin users' });
    await team.getByRole('row', { name: /owner@acme\.test \(you\)/ }).waitFor();
    await team.getByRole('row', { name: /viewer@acme\.test/ }).waitFor();

    await page.getByLabel('E-mail').fill('analyst@acme.test');
    await page.getByLabel('Role', { exact: true }).selectOption('admin');
    await page.getByRole('button', { name: 'Invite' }).click();
    await page.getByText('Invited analyst@acme.test as admin.').waitFor();
    const password = await page.getByLabel('One-time password').inputValue();
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const analyst = await apiSession('analyst@acme.test', password);
    expect(analyst).not.toBeNull();
    expect((await asSession(analyst!, '{ me { role } }')).data?.me?.role).toBe('admin');
    await team.getByRole('row', { name: /analyst@acme\.test/ }).waitFor();
    await shot(page, '20-team-invited');
    await page.reload();
    await hydrated(page);
    await page.getByRole('heading', { name: 'Team', level: 1 }).waitFor();
    expect(await page.content()).not.toContain(password);

    // Promote the viewer to admin, and back: each save shows its outcome in the row.
    const viewerRole = page.getByLabel('Role of viewer@acme.test', { exact: true });
    await viewerRole.selectOption('admin');
    await clickUntil(
      page.getByRole('button', { name: 'Save role of viewer@acme.test' }),
      page.getByText('viewer@acme.test is now admin.'),
    );
    await viewerRole.selectOption('viewer');
    await clickUntil(
      page.getByRole('button', { name: 'Save role of viewer@acme.test' }),
      page.getByText('viewer@acme.test is now viewer.'),
    );

    // The last owner cannot demote themselves; the API's reason is shown.
    await page.getByLabel('Role of owner@acme.test', { exact: true }).selectOption('viewer');
    await clickUntil(
      page.getByRole('button', { name: 'Save role of owner@acme.test' }),
      page.getByRole('alert').getByText(/last owner and cannot be demoted/),
    );
    await shot(page, '21-team-last-owner');

    await page.getByRole('button', { name: 'Remove analyst@acme.test' }).click();
    const analystRow = team.getByRole('row', { name: /analyst@acme\.test/ });
    await clickUntil(page.getByRole('button', { name: 'Confirm removing analyst@acme.test' }), (timeout) =>
      analystRow.waitFor({ state: 'detached', timeout }),
    );
    expect((await asSession(analyst!, '{ me { role } }')).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect(await team.getByRole('row').count()).toBe(3);
    await shot(page, '22-team-removed');
  });

  it('shows the team to a viewer without any control to change it', async () => {
    const page = await signedIn(VIEWER);
    await open(page, '/team', 'Team');
    await page.getByText('Only owners manage the team; your role is viewer.').waitFor();
    const team = page.getByRole('region', { name: 'Admin users' });
    await team.getByRole('row', { name: /owner@acme\.test/ }).waitFor();
    expect(await page.getByRole('button', { name: /Invite|Remove|Save role/ }).count()).toBe(0);
    expect(await page.getByRole('combobox').count()).toBe(0);
    await shot(page, '23-team-viewer');
  });

  it('edits the rule settings with the API naming an invalid value', async () => {
    const page = await signedIn(OWNER);
    await open(page, '/settings', 'Settings');
    const rules = page.getByRole('region', { name: 'Vertical and rule settings' });
    const lambda = rules.getByLabel('Diversity λ');
    await lambda.fill('1.5');
    await clickUntil(
      rules.getByRole('button', { name: 'Save rule settings' }),
      rules.getByRole('alert').getByText(/diversityLambda must be ≤ 1/),
    );
    // The refused form keeps what was typed and marks the field.
    await rules.locator('#rule-diversityLambda[aria-invalid="true"]').waitFor();
    expect(await rules.getByLabel('Diversity λ').inputValue()).toBe('1.5');
    await shot(page, '24-rules-invalid');

    await rules.getByLabel('Diversity λ').fill('0.5');
    await rules.getByLabel('Max items per asset class').fill('2');
    await rules.getByLabel('Weight: social boost').fill('0');
    await clickUntil(
      rules.getByRole('button', { name: 'Save rule settings' }),
      rules.getByText('Saved. Recommendations use the new rules within about ten seconds.'),
    );
    await rules.locator('[data-rule="diversityLambda"]', { hasText: '0.5' }).waitFor();
    const stored = await stack.gql('{ ruleSettings { overrides } }', {}, seeded.tenant.keys.read);
    expect(stored.data?.ruleSettings?.overrides).toEqual({
      diversityLambda: 0.5,
      maxPerAssetClass: 2,
      weights: { social: 0 },
    });
    await page.reload();
    await hydrated(page);
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(await rules.getByLabel('Diversity λ').inputValue()).toBe('0.5');
    await shot(page, '25-rules-saved');
  });

  it('shows the rule settings to a viewer read-only', async () => {
    const page = await signedIn(VIEWER);
    await open(page, '/settings', 'Settings');
    const rules = page.getByRole('region', { name: 'Vertical and rule settings' });
    await rules.getByText('Your role (viewer) can read the rule settings but not change them.').waitFor();
    await rules.locator('[data-rule="diversityLambda"]', { hasText: '0.5' }).waitFor();
    expect(await rules.getByRole('button').count()).toBe(0);
    expect(await rules.getByRole('spinbutton').count()).toBe(0);
    await shot(page, '26-rules-viewer');
  });

  it('draws the cumulative lift of an experiment that ran for days, with its intervals', async () => {
    const day = 86_400_000;
    const start = Math.floor(Date.now() / day) * day - 3 * day;
    const created = await stack.gql(
      `mutation { createExperiment(input: { key: "history", name: "Three days of history", metrics: ["ctr"],
         variants: [{ key: "control", weight: 0.5 }, { key: "treatment", weight: 0.5, strategy: "popularity" }] }) { id } }`,
      {},
      seeded.tenant.keys.admin,
    );
    const id = created.data!.createExperiment.id as string;
    const tenantId = seeded.tenant.tenantId;
    const rows: (typeof events.$inferInsert)[] = [];
    const add = (type: string, userId: string, onDay: number, variant?: string) => {
      const at = new Date(start + onDay * day + 7_200_000 + (type === 'click' ? 600_000 : 0));
      rows.push({
        tenantId,
        eventId: `history-${rows.length}`,
        type,
        userId,
        itemId: 'item-1',
        ts: at,
        receivedAt: at,
        schemaVersion: 1,
        props: variant
          ? { experiment: 'history', variant, requestId: `h${rows.length}`, itemIds: ['item-1'] }
          : {},
      });
    };
    // Twenty users per arm each day; a scrambled pattern of clicks, 30% in control and 50% in the
    // treatment, so every day's per-user counts vary.
    for (let d = 0; d < 3; d++)
      for (let u = 0; u < 20; u++) {
        add('exposure', `hc${u}`, d, 'control');
        add('exposure', `ht${u}`, d, 'treatment');
        if ((u * 31 + d * 17) % 10 < 3) add('click', `hc${u}`, d);
        if ((u * 37 + d * 13) % 10 < 5) add('click', `ht${u}`, d);
      }
    await withTenant(stack.database.db, tenantId, async (tx) => {
      await tx.insert(events).values(rows);
      await tx
        .update(experiments)
        .set({ status: 'running', startedAt: new Date(start + 3_600_000) })
        .where(eq(experiments.id, id));
    });

    const page = await signedIn(OWNER);
    await open(page, `/experiments/${id}`, 'Three days of history');
    const lift = page.getByRole('img', { name: 'Cumulative lift on Click-through rate over 4 days' });
    await lift.locator('.recharts-line-dots circle').first().waitFor();
    expect(await lift.locator('.recharts-line-dots circle').count()).toBe(4);
    expect(await lift.locator('.recharts-area-area').count()).toBe(1);
    expect(await lift.locator('.recharts-errorBar').count()).toBe(4);
    await shot(page, '27-lift-over-time');
  });
});
