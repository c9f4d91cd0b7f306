// Carries the registration outcome from the login callback to the home page: a short-lived,
// httpOnly cookie holding only the outcome (never a token).

export const REGISTRATION_COOKIE = 'registration';

export function encodeOutcome(outcome) {
  const { ok, affectedRows, code, message, attempts, stage } = outcome;
  const kept = ok
    ? { ok, affectedRows, attempts }
    : { ok, ...(stage ? { stage } : {}), code, message: String(message).slice(0, 300), attempts };
  return Buffer.from(JSON.stringify(kept), 'utf8').toString('base64url');
}

export function decodeOutcome(value) {
  if (!value) return undefined;
  try {
    return JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
