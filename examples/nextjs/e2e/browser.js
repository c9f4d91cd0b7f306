// Drives Debian's Chromium with playwright-core (no browser download ever: PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1).
import { chromium } from 'playwright-core';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
  });
}

/**
 * From the app's home page (or from `loginPath`, e.g. /auth/login?returnTo=...), logs in on the
 * provider's own forms (login, then consent when it asks) and answers the registration element of the
 * home page it must land on.
 */
export async function loginThroughProvider(page, { appBaseUrl, issuer, login, password }, loginPath) {
  if (loginPath) {
    await page.goto(`${appBaseUrl}${loginPath}`);
  } else {
    await page.goto(`${appBaseUrl}/`);
    await page.click('#login');
  }
  await page.waitForURL((url) => url.href.startsWith(issuer));
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForLoadState('load'), page.click('button[type="submit"]')]);
  // The consent form appears while the client has no grant for these scopes and this audience.
  let consented = false;
  if (page.url().startsWith(issuer) && (await page.locator('button[type="submit"]').count()) > 0) {
    await page.click('button[type="submit"]');
    consented = true;
  }
  // Home, or anywhere off the app and the provider: a redirect elsewhere fails here, not by timing out.
  await page.waitForURL(
    (url) => url.href === `${appBaseUrl}/` || !(url.href.startsWith(appBaseUrl) || url.href.startsWith(issuer)),
    { timeout: 60_000 },
  );
  if (page.url() !== `${appBaseUrl}/`) {
    throw new Error(`the login ended on ${page.url()}, not on the app's home page`);
  }
  const registration = page.locator('#registration');
  await registration.waitFor({ timeout: 10_000 });
  return {
    consented,
    text: (await registration.textContent()).trim(),
    affectedRows: await registration.getAttribute('data-affected-rows'),
    code: await registration.getAttribute('data-code'),
  };
}

/**
 * Logs in as a user whose registration fails in a way that ends the session: through the provider's
 * login (and consent) forms, then its sign-out confirmation, back to the app's logged-out home page.
 */
export async function loginExpectingSignOut(page, { appBaseUrl, issuer, login, password }) {
  await page.goto(`${appBaseUrl}/`);
  await page.click('#login');
  await page.waitForURL((url) => url.href.startsWith(issuer));
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForLoadState('load'), page.click('button[type="submit"]')]);
  if (page.url().startsWith(issuer) && (await page.locator('input[name="login"]').count()) === 0) {
    // The consent form, as on a first login with this client.
    await page.click('button[type="submit"]');
  }
  // The app sends the browser on to /auth/logout, and the SDK to the provider's end-session page.
  await page.waitForURL((url) => url.href.startsWith(issuer) && url.pathname.startsWith('/session/end'), { timeout: 60_000 });
  await page.click('button[name="logout"][value="yes"]');
  await page.waitForURL((url) => url.href === `${appBaseUrl}/`, { timeout: 60_000 });
  const registration = page.locator('#registration');
  await registration.waitFor({ timeout: 10_000 });
  return {
    text: (await registration.textContent()).trim(),
    code: await registration.getAttribute('data-code'),
    loggedOut: (await page.locator('#login').count()) === 1,
  };
}
