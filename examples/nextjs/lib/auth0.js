import { Auth0Client } from '@auth0/nextjs-auth0/server';
import { NextResponse } from 'next/server';
import { settingsProblem } from './app-settings.js';
import { registerUser, signsOut } from './register-user.js';
import { REGISTRATION_COOKIE, encodeOutcome } from './registration-cookie.js';
import { returnUrl } from './return-url.js';

// The SDK itself reads AUTH0_DOMAIN, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_SECRET and APP_BASE_URL.
// AUTH0_AUDIENCE is the identifier of the Auth0 API whose access tokens Hasura accepts.

// Plain-http OpenID providers are for the local end-to-end test only (its provider runs on
// http://localhost:PORT): off unless that test switches it on, and the SDK warns when it is on.
const allowInsecureRequests = process.env.AUTH0_TEST_ALLOW_INSECURE_REQUESTS === 'true';

// The SDK's /auth/access-token hands the Hasura JWT to any script on the page; the app never needs it
// in the browser (it registers from the server). On only to look at the token (auth0/SETUP.md, step 8)
// and for the end-to-end test's check of its claims.
const enableAccessTokenEndpoint = process.env.AUTH0_ENABLE_ACCESS_TOKEN_ENDPOINT === 'true';

function homeUrl(ctx) {
  return new URL('/', ctx?.appBaseUrl ?? process.env.APP_BASE_URL);
}

function withOutcome(response, outcome) {
  response.cookies.set(REGISTRATION_COOKIE, encodeOutcome(outcome), {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    maxAge: 120,
    secure: response.headers.get('location')?.startsWith('https:') ?? false,
  });
  return response;
}

export const auth0 = new Auth0Client({
  authorizationParameters: {
    audience: process.env.AUTH0_AUDIENCE,
    scope: 'openid profile email',
  },
  allowInsecureRequests,
  enableAccessTokenEndpoint,
  // Registration runs once per login, here, with the fresh session's access token; the session cookie is
  // written onto the response this returns. A failure does not undo the login: the home page shows it.
  async onCallback(error, ctx, session) {
    if (error || !session) {
      // The login itself failed (refused consent, a stale state, the code exchange): no registration ran.
      return withOutcome(NextResponse.redirect(homeUrl(ctx)), {
        ok: false,
        stage: 'login',
        code: error?.code ?? 'login-failed',
        message: error?.message ?? 'the login did not complete',
        attempts: 0,
      });
    }
    const problem = settingsProblem(process.env, session.tokenSet?.accessToken);
    if (problem) {
      // Not the user's fault and not fixed by logging in again: the session stays, the page says why.
      return withOutcome(NextResponse.redirect(homeUrl(ctx)), {
        ok: false,
        retryable: false,
        code: 'misconfigured',
        message: problem,
        attempts: 0,
      });
    }
    const outcome = await registerUser(session.tokenSet?.accessToken, { url: process.env.HASURA_GRAPHQL_URL });
    const base = ctx.appBaseUrl ?? process.env.APP_BASE_URL;
    // A token Hasura refuses, or a user Auth0 cannot give tokens for: the session is of no use, so it
    // ends here (the logged-out home page shows why) instead of leaving the user logged in unregistered.
    const target = signsOut(outcome) ? new URL('/auth/logout', base) : returnUrl(ctx.returnTo, base);
    return withOutcome(NextResponse.redirect(target), outcome);
  },
});
