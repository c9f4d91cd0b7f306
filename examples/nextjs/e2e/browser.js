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
 * provider's own forms: login, then consent when it asks. Answers whether it consented.
 */
async function submitProviderForms(page, { appBaseUrl, issuer, login, password }, loginPath) {
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
  if (page.url().startsWith(issuer) && (await page.locator('button[type="submit"]').count()) > 0) {
    await page.click('button[type="submit"]');
    return true;
  }
  return false;
}

/** The home page's registration element: its text and what it carries. */
async function registrationOnHome(page) {
  const registration = page.locator('#registration');
  await registration.waitFor({ timeout: 10_000 });
  return {
    text: (await registration.textContent()).trim(),
    affectedRows: await registration.getAttribute('data-affected-rows'),
    code: await registration.getAttribute('data-code'),
  };
}

/** Logs in (see submitProviderForms) and answers the registration of the home page it must land on. */
export async function loginThroughProvider(page, credentials, loginPath) {
  const { appBaseUrl, issuer } = credentials;
  const consented = await submitProviderForms(page, credentials, loginPath);
  // Home, or anywhere off the app and the provider: a redirect elsewhere fails here, not by timing out.
  await page.waitForURL(
    (url) => url.href === `${appBaseUrl}/` || !(url.href.startsWith(appBaseUrl) || url.href.startsWith(issuer)),
    { timeout: 60_000 },
  );
  if (page.url() !== `${appBaseUrl}/`) {
    throw new Error(`the login ended on ${page.url()}, not on the app's home page`);
  }
  return { consented, ...(await registrationOnHome(page)) };
}

/**
 * Logs in as a user whose registration fails in a way that ends the session: the provider's forms,
 * then its sign-out confirmation, back to the app's logged-out home page.
 */
export async function loginExpectingSignOut(page, credentials) {
  const { appBaseUrl, issuer } = credentials;
  await submitProviderForms(page, credentials);
  // The app sends the browser on to /auth/logout, and the SDK to the provider's end-session page.
  await page.waitForURL((url) => url.href.startsWith(issuer) && url.pathname.startsWith('/session/end'), { timeout: 60_000 });
  await page.click('button[name="logout"][value="yes"]');
  await page.waitForURL((url) => url.href === `${appBaseUrl}/`, { timeout: 60_000 });
  return { ...(await registrationOnHome(page)), loggedOut: (await page.locator('#login').count()) === 1 };
}
