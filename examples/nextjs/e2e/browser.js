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
 * From the app's home page, logs in on the provider's own forms (login, then consent when it asks) and
 * answers the registration element of the home page it lands on.
 */
export async function loginThroughProvider(page, { appBaseUrl, issuer, login, password }) {
  await page.goto(`${appBaseUrl}/`);
  await page.click('#login');
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
  await page.waitForURL((url) => url.href === `${appBaseUrl}/`, { timeout: 60_000 });
  const registration = page.locator('#registration');
  await registration.waitFor({ timeout: 10_000 });
  return {
    consented,
    text: (await registration.textContent()).trim(),
    affectedRows: await registration.getAttribute('data-affected-rows'),
    code: await registration.getAttribute('data-code'),
  };
}
