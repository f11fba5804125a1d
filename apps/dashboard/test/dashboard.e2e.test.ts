import { adminSessions, withTenant } from '@tessera/db';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickUntil, hydrated, launchChromium, pages, shot, signIn } from './browser.js';
import { OWNER, PASSWORD, type Seeded, seedTenant, trainModels, VIEWER } from './fixture.js';
import { type Stack, startStack, waitFor } from './harness.js';

describe('the dashboard in Chromium', () => {
  let stack: Stack;
  let seeded: Seeded;
  let browser: Browser;
  const tabs = pages(
    () => browser,
    () => stack.dashboardUrl,
  );
  const freshPage = tabs.fresh;
  const context = () => tabs.context();

  beforeAll(async () => {
    browser = await launchChromium();
    stack = await startStack();
    seeded = await seedTenant(stack.database.db, stack.gql);
    await waitFor('the stream-worker to store every event', () => stack.committed() >= seeded.events, 90_000);
    await trainModels(stack.database.db, seeded.tenant.tenantId);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("refuses a wrong password with the API's message", async () => {
    const page = await freshPage();
    await signIn(page, OWNER, 'not-the-password');
    await page.locator('#login-error').waitFor();
    expect(await page.locator('#login-error').textContent()).toContain('wrong e-mail or password');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await context().cookies()).toEqual([]);
    await shot(page, '01-wrong-password');
  });

  it('signs in with the keyboard alone and shows the overview with data', async () => {
    const page = await freshPage();
    await page.goto('/login');
    await hydrated(page);
    await page.keyboard.press('Tab');
    await page.keyboard.type(OWNER);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${stack.dashboardUrl}/`);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    const cookie = (await context().cookies()).find((c) => c.name === 'tessera_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const active = page.getByRole('region', { name: /Active model/ });
    expect(await active.textContent()).toMatch(/als v2/);
    const trending = page.getByRole('region', { name: 'Trending today' }).getByRole('row');
    expect(await trending.count()).toBeGreaterThan(3);
    await page.getByText('1 candidate model waits for promotion.').waitFor();
    await page.getByText('Training failed recently (bpr: no interactions in the training window).').waitFor();
    await shot(page, '02-overview');
    // Down to a small laptop screen nothing spills sideways.
    await page.setViewportSize({ width: 1024, height: 640 });
    for (const route of ['/', '/models', '/social', '/settings', '/team']) {
      await page.goto(route);
      await hydrated(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${route} is wider than the window`).toBeLessThanOrEqual(0);
    }
    await shot(page, '02b-laptop-settings');
  });

  it('lists model versions with their holdout metrics as a chart', async () => {
    const page = await freshPage();
    await signIn(page, OWNER);
    await page.waitForURL(`${stack.dashboardUrl}/`);
    await page.getByRole('link', { name: 'Models' }).click();
    await page.waitForURL('**/models');
    const versions = page.getByRole('region', { name: 'Versions' });
    for (const text of ['v1', 'v2', 'v3', 'retired', 'active', 'candidate']) {
      expect(await versions.textContent()).toContain(text);
    }
    await page.locator('.recharts-line-curve').first().waitFor();
    expect(await page.locator('.recharts-line-dots circle').count()).toBeGreaterThanOrEqual(3);
    const jobs = page.getByRole('region', { name: 'Training jobs' });
    expect(await jobs.getByRole('row').count()).toBe(5);
    expect(await jobs.textContent()).toContain('no interactions in the training window');
    await page.getByLabel('Metric', { exact: true }).selectOption('recall@10');
    await page.getByText('Holdout recall@10 by training date.').waitFor();
    await shot(page, '03-models');
  });

  it('creates an API key, shows its secret once, and revokes it', async () => {
    const page = await freshPage();
    await signIn(page, OWNER);
    await page.waitForURL(`${stack.dashboardUrl}/`);
    await page.goto('/settings');
    await hydrated(page);
    await page.getByLabel('Key name').fill('e2e ingest key');
    await page.getByLabel('ingest', { exact: true }).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = await page.getByLabel('New API key').inputValue();
    expect(secret).toMatch(/^tsk_/);
    const works = await stack.gql('{ tenant { slug } }', {}, secret);
    expect(works.data?.tenant?.slug).toBe('acme');
    await shot(page, '04-key-created');
    await page.reload();
    await hydrated(page);
    await page.getByRole('button', { name: 'Revoke key e2e ingest key' }).waitFor();
    expect(await page.locator('#new-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    await clickUntil(
      page.getByRole('button', { name: 'Revoke key e2e ingest key' }),
      page.getByRole('row', { name: /e2e ingest key/ }).getByText(/revoked/),
    );
    const refused = await stack.gql('{ tenant { slug } }', {}, secret);
    expect(refused.errors).toBeDefined();
    await shot(page, '05-key-revoked');
  });

  it('explains what a user is recommended and why', async () => {
    const page = await freshPage();
    await signIn(page, OWNER);
    await page.waitForURL(`${stack.dashboardUrl}/`);
    await page.goto('/recommendations');
    await hydrated(page);
    await page.getByLabel('User id').fill('user-3');
    await page.getByRole('button', { name: 'Show recommendations' }).click();
    const rows = page.getByRole('region', { name: /Top \d+ for user-3/ }).getByRole('row');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(11);
    await page.getByText('als@2').first().waitFor();
    await shot(page, '06-recommendations');
  });

  it('sends an expired session back to the login page with a message, then returns there after signing in', async () => {
    const page = await freshPage();
    await signIn(page, OWNER);
    await page.waitForURL(`${stack.dashboardUrl}/`);
    await withTenant(stack.database.db, seeded.tenant.tenantId, (tx) =>
      tx.update(adminSessions).set({ expiresAt: new Date(Date.now() - 60_000) }),
    );
    await page.goto('/models');
    await hydrated(page);
    await page.waitForURL('**/login?reason=expired');
    await page.getByText('Your session has expired. Please sign in again.').waitFor();
    expect((await context().cookies()).map((c) => c.name)).not.toContain('tessera_session');
    await shot(page, '07-session-expired');

    await context().clearCookies();
    await page.goto('/stream');
    await hydrated(page);
    await page.waitForURL('**/login?**');
    await page.getByText('Please sign in to continue.').waitFor();
    await page.getByLabel('E-mail').fill(OWNER);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/stream');
  });

  it('lets a viewer read everything but change nothing', async () => {
    const page = await freshPage();
    await signIn(page, VIEWER);
    await page.waitForURL(`${stack.dashboardUrl}/`);
    await page.goto('/settings');
    await hydrated(page);
    await page.getByText('Only owners manage API keys; your role is viewer.').waitFor();
    expect(await page.getByRole('button', { name: 'Create key' }).count()).toBe(0);
    await page.goto('/models');
    await hydrated(page);
    await page.getByText('Your role (viewer) can read models but not promote them.').waitFor();
    expect(await page.getByRole('button', { name: /Promote|Roll back/ }).count()).toBe(0);
    await page.goto('/experiments');
    await hydrated(page);
    await page.getByText('Your role (viewer) can read experiments but not change them.').waitFor();
    expect(await page.getByRole('button', { name: 'Create experiment' }).count()).toBe(0);
    await shot(page, '08-viewer');
    // The API is the real gate: the viewer's own session cannot create a key even when asked directly.
    const session = (await context().cookies()).find((c) => c.name === 'tessera_session')!;
    const response = await fetch(`${stack.api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `tessera_session=${session.value}` },
      body: JSON.stringify({ query: 'mutation { createApiKey(name: "x", scopes: [read]) { secret } }' }),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses state-changing requests from another origin', async () => {
    const response = await fetch(`${stack.dashboardUrl}/settings`, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'text/plain' },
      body: 'x',
      redirect: 'manual',
    });
    expect(response.status).toBe(403);
    const noOrigin = await fetch(`${stack.dashboardUrl}/login`, {
      method: 'POST',
      body: 'x',
      redirect: 'manual',
    });
    expect(noOrigin.status).toBe(403);
  });

  it('creates and starts an experiment, then shows its results with intervals', async () => {
    const page = await freshPage();
    await signIn(page, OWNER);
    await page.waitForURL(`${stack.dashboardUrl}/`);
    await page.goto('/experiments');
    await hydrated(page);
    await page.getByLabel('Name').fill('ALS v3 against the active model');
    await page.getByLabel('Treatment', { exact: true }).selectOption({ label: 'als v3 (candidate)' });
    await page.getByRole('button', { name: 'Create experiment' }).click();
    const outcome = page
      .getByRole('region', { name: 'New experiment' })
      .locator('[role=status], [role=alert]');
    await outcome.first().waitFor();
    expect(await outcome.first().textContent()).toContain(
      'Created “ALS v3 against the active model” as a draft.',
    );
    const row = page.getByRole('row', { name: /ALS v3 against the active model/ });
    await row.getByText('draft', { exact: true }).waitFor();
    await clickUntil(
      page.getByRole('button', { name: 'Start ALS v3 against the active model' }),
      row.getByText('running', { exact: true }),
    );
    await shot(page, '09-experiment-started');

    // Traffic: every user asks for recommendations (an exposure each); every second one clicks.
    const before = stack.committed();
    const clicks: Record<string, unknown>[] = [];
    for (let u = 0; u < 60; u++) {
      const res = await stack.gql(
        'query($u: ID!) { recommendations(userId: $u, count: 5) { requestId items { itemId } } }',
        { u: `user-${u}` },
        seeded.tenant.keys.read,
      );
      const first = res.data?.recommendations?.items?.[0]?.itemId;
      if (u % 2 === 0 && first) clicks.push({ type: 'click', userId: `user-${u}`, itemId: first });
    }
    await stack.gql(
      'mutation($events: [EventInput!]!) { trackEvents(events: $events) { accepted } }',
      { events: clicks },
      seeded.tenant.keys.ingest,
    );
    await waitFor(
      'exposures and clicks to be stored',
      () => stack.committed() >= before + 60 + clicks.length,
      60_000,
    );

    await row.getByRole('link').click();
    await page.getByRole('heading', { name: 'ALS v3 against the active model' }).waitFor();
    await page.getByRole('region', { name: 'Verdict' }).waitFor();
    const users = page.getByRole('region', { name: 'Users per variant' });
    expect(await users.textContent()).toMatch(/control/);
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    // One dot per interval (fixed, sequential, Bayesian) for the one treatment.
    const intervals = page.getByRole('img', { name: 'Effect on Click-through rate with intervals' });
    expect(await intervals.locator('.recharts-line-dots circle').count()).toBe(3);
    // Lift over time: the experiment started today, so one day, one point for the treatment.
    const lift = page.getByRole('img', { name: 'Cumulative lift on Click-through rate over 1 day' });
    await lift.locator('.recharts-line-dots circle').first().waitFor();
    expect(await lift.locator('.recharts-line-dots circle').count()).toBe(1);
    await shot(page, '10-experiment-results');
  });

  it('shows stream health and a dead-lettered event with its reason', async () => {
    await stack.publishRaw({
      schemaVersion: 1,
      tenantId: seeded.tenant.tenantId,
      eventId: 'bad-rating-1',
      type: 'rating',
      userId: 'user-1',
      itemId: 'item-1',
      ts: new Date().toISOString(),
      receivedAt: new Date().toISOString(),
      props: { rating: 42 },
    });
    await waitFor('the dead letter to be stored', async () => {
      const res = await stack.gql('{ streamHealth { deadLetterCount } }', {}, seeded.tenant.keys.admin);
      return (res.data?.streamHealth?.deadLetterCount ?? 0) > 0;
    });
    const page = await freshPage();
    await signIn(page, OWNER);
    await page.waitForURL(`${stack.dashboardUrl}/`);
    await page.goto('/stream');
    await hydrated(page);
    const letters = page.getByRole('region', { name: 'Dead-letter browser' });
    await letters.getByRole('row').nth(1).waitFor();
    expect(await letters.textContent()).toMatch(/rating/);
    await letters.getByText('Original bytes').click();
    expect(await letters.textContent()).toContain('bad-rating-1');
    expect(
      await page.getByRole('region', { name: 'Events by type' }).getByRole('row').count(),
    ).toBeGreaterThan(2);
    await shot(page, '11-stream');
  });

  it('shows social analytics and engagement from the stored events', async () => {
    const page = await freshPage();
    await signIn(page, OWNER);
    await page.waitForURL(`${stack.dashboardUrl}/`);
    await page.goto('/social');
    await hydrated(page);
    await page.getByRole('heading', { name: 'Social', exact: true }).waitFor();
    await page
      .getByRole('region', { name: 'Active users' })
      .locator('.recharts-area-curve')
      .first()
      .waitFor();
    await page
      .getByRole('region', { name: 'Sentiment over time' })
      .locator('.recharts-line-curve')
      .first()
      .waitFor();
    expect(await page.getByRole('region', { name: 'Influencers' }).getByRole('row').count()).toBeGreaterThan(
      2,
    );
    const funnel = page.getByRole('region', { name: 'Funnel' });
    expect(await funnel.getByRole('row').count()).toBe(4);
    expect(await page.locator('[data-error-code]').count(), 'no card shows an error').toBe(0);
    await shot(page, '12-social');
  });

  it('promotes a candidate and rolls back to the previous version', async () => {
    const page = await freshPage();
    await signIn(page, OWNER);
    await page.waitForURL(`${stack.dashboardUrl}/`);
    await page.goto('/models');
    await hydrated(page);
    const versions = page.getByRole('region', { name: 'Versions' });
    await clickUntil(
      page.getByRole('button', { name: 'Promote als v3' }),
      versions.getByRole('row', { name: /als v3/ }).getByText('active', { exact: true }),
    );
    await versions
      .getByRole('row', { name: /als v2/ })
      .getByText('retired', { exact: true })
      .waitFor();
    await shot(page, '13-promoted');
    // Each action re-renders the list; under load a click on the previous render's button can be
    // lost, so the click is repeated until the state it should produce shows (promotion is idempotent).
    await clickUntil(
      page.getByRole('button', { name: 'Roll back to als v2' }),
      versions.getByRole('row', { name: /als v2/ }).getByText('active', { exact: true }),
    );
    await page.goto('/');
    await hydrated(page);
    expect(await page.getByRole('region', { name: /Active model/ }).textContent()).toMatch(/als v2/);
    // Last, because the stack's trainer may promote what it trains and so race a rollback.
    await page.goto('/models');
    await hydrated(page);
    // The trainer may already have claimed a job for als, which trainModel then returns (so a
    // repeated click queues nothing more).
    await clickUntil(
      page.getByRole('button', { name: 'Train now' }),
      page.getByText(/A als training job is (queued|running)\./),
    );
  });
});
