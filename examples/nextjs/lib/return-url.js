// Where the browser goes after the login callback.
//
// The SDK checks that /auth/login's returnTo is on the app's own origin and then keeps only its path,
// and a path may start with "//": /auth/login?returnTo=/.//evil.example keeps "//evil.example", which
// new URL(path, base) reads as another host. So a path is followed only when it is one of this app's.

/** The URL to redirect to for the SDK's `ctx.returnTo`, on `appBaseUrl`'s origin; home otherwise. */
export function returnUrl(returnTo, appBaseUrl) {
  const home = new URL('/', appBaseUrl);
  if (typeof returnTo !== 'string' || !returnTo.startsWith('/') || /^\/[/\\]/.test(returnTo)) {
    return home;
  }
  let target;
  try {
    target = new URL(returnTo, home);
  } catch {
    return home;
  }
  return target.origin === home.origin ? target : home;
}
