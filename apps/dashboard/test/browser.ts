import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Locator,
  type Page,
  type Request,
} from 'playwright-core';
import { PASSWORD } from './fixture.js';

const artifacts = path.resolve(import.meta.dirname, '..', 'test-artifacts');

/** Debian's Chromium (browser downloads cannot work here), with a clear error when it is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync('/usr/bin/chromium'))
    throw new Error(
      "/usr/bin/chromium is missing: install Debian's browser with `apt-get install -y chromium`",
    );
  mkdirSync(artifacts, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** One browser context at a time: each flow starts signed out, with a laptop-sized window. */
export function pages(browser: () => Browser, baseURL: () => string) {
  let context: BrowserContext | undefined;
  return {
    context: () => context!,
    async fresh(): Promise<Page> {
      await context?.close();
      context = await browser().newContext({ viewport: { width: 1280, height: 800 }, baseURL: baseURL() });
      context.setDefaultTimeout(20_000);
      const page = await context.newPage();
      trackRequests(page);
      return page;
    },
  };
}

const inFlight = new WeakMap<Page, Map<Request, number>>();

/** Remembers the page's unanswered requests, so a hang can say which request never came back. */
function trackRequests(page: Page): void {
  const open = new Map<Request, number>();
  inFlight.set(page, open);
  page.on('request', (request) => open.set(request, Date.now()));
  const done = (request: Request) => open.delete(request);
  page.on('requestfinished', done);
  page.on('requestfailed', done);
}

function describeInFlight(page: Page): string {
  const open = [...(inFlight.get(page)?.entries() ?? [])];
  if (open.length === 0) return 'no request of the page is unanswered';
  return open
    .map(
      ([r, since]) =>
        `${r.method()} ${r.url()} (${r.headers()['next-action'] ? 'server action, ' : ''}${Date.now() - since} ms)`,
    )
    .join('; ');
}

/** Waits until React has hydrated the page, so clicks reach their handlers. */
export const hydrated = (page: Page) => page.locator('html[data-hydrated]').waitFor({ state: 'attached' });

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens a page of the app and waits for its heading and for hydration. */
export async function open(page: Page, route: string, heading: string): Promise<void> {
  await page.goto(route);
  await hydrated(page);
  await page.getByRole('heading', { name: heading, exact: true, level: 1 }).waitFor();
}

export const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

/**
 * Clicks, then waits for the state the click should produce. Under load a click can land on a
 * render that a server action's refresh is replacing and be lost; it is then clicked again, so use
 * this only for idempotent actions. A button that is gone or disabled (pending) means the click
 * took: it then waits longer, and an action still pending after that fails the flow, naming the
 * page's unanswered requests. (A segment loading.tsx once made revalidating actions stay pending
 * for good now and then — vercel/next.js#98303 — so this must stay an error, not be retried away.)
 */
export async function clickUntil(
  button: Locator,
  done: Locator | ((timeout: number) => Promise<unknown>),
  attempts = 3,
): Promise<void> {
  const wait = typeof done === 'function' ? done : (timeout: number) => done.waitFor({ timeout });
  const page = button.page();
  for (let attempt = 1; ; attempt++) {
    await button.click();
    try {
      await wait(15_000);
      return;
    } catch (error) {
      const idle =
        (await button.isVisible().catch(() => false)) && (await button.isEnabled().catch(() => false));
      if (!idle) {
        try {
          await wait(15_000);
          return;
        } catch {
          throw new Error(
            `the action is still pending 30 s after the click (${describeInFlight(page)}); see test-artifacts/next-server.log and api.log`,
          );
        }
      }
      if (attempt >= attempts) throw error;
    }
  }
}
