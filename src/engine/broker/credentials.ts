import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A broker's login: a user name and a password made for this broker, never a default. */
export interface BrokerCredentials {
  username: string;
  password: string;
}

/** Fresh credentials: "fb-" and 8 hex digits for the user, 24 random bytes (base64url, 32 characters) for the password. */
export function generateCredentials(): BrokerCredentials {
  return { username: `fb-${randomBytes(4).toString('hex')}`, password: randomBytes(24).toString('base64url') };
}

/** Whether a CONNECT's user name and password are these credentials (in constant time for the password). */
export function credentialsMatch(expected: BrokerCredentials, username: string | undefined, password: Buffer | undefined): boolean {
  if (username !== expected.username || !password) return false;
  const want = Buffer.from(expected.password, 'utf8');
  return password.length === want.length && timingSafeEqual(password, want);
}
