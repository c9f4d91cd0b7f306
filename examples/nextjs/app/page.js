import { cookies } from 'next/headers';
import { auth0 } from '../lib/auth0.js';
import { describeOutcome } from '../lib/register-user.js';
import { REGISTRATION_COOKIE, decodeOutcome } from '../lib/registration-cookie.js';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const session = await auth0.getSession();
  const outcome = decodeOutcome((await cookies()).get(REGISTRATION_COOKIE)?.value);

  if (!session) {
    return (
      <main>
        <h1>checkAndRegisterUser example</h1>
        <p>Log in to be registered in the app database.</p>
        {/* A plain link, not next/link: /auth/login is a server redirect, not a page. */}
        <a className="button" href="/auth/login" id="login">
          Log in
        </a>
        {outcome && !outcome.ok && (
          <p className="outcome failed" id="registration" data-code={outcome.code}>
            {describeOutcome(outcome)}
          </p>
        )}
      </main>
    );
  }

  return (
    <main>
      <h1>Welcome, {session.user.nickname ?? session.user.name ?? session.user.sub}</h1>
      {outcome ? (
        <p
          className={`outcome ${outcome.ok ? 'ok' : 'failed'}`}
          id="registration"
          data-affected-rows={outcome.ok ? outcome.affectedRows : undefined}
          data-code={outcome.ok ? undefined : outcome.code}
        >
          {describeOutcome(outcome)}
        </p>
      ) : (
        <p id="registration-none">No registration ran in this browser recently (it runs at each login).</p>
      )}
      <a className="button" href="/auth/logout" id="logout">
        Log out
      </a>
    </main>
  );
}
