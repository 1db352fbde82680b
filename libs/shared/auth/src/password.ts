import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (memory-hard, in node:crypto: nothing to compile or download;
 * argon2id would need a native package, and node:crypto has it only from Node 24.7).
 * Stored as "scrypt$N$r$p$salt$hash" (base64), so parameters can be raised while old hashes
 * still verify; a login with an older hash stores a new one (needsRehash).
 *
 * Parameters: OWASP's Password Storage Cheat Sheet lists equivalent scrypt settings (N=2^17,
 * r=8, p=1 down to N=2^13, r=8, p=10). N=2^15, r=8, p=3 is one of them: 32 MiB per hash (the
 * memory of the previous N=2^15, p=1, which fell short of every listed setting) at three times
 * its CPU, ~150 ms here. Of the listed settings it keeps a burst of logins within memory on a
 * small machine (libuv's four threads hash at once: 128 MiB, against 512 MiB at N=2^17).
 */
export const PASSWORD_HASH_PARAMS = { N: 2 ** 15, r: 8, p: 3 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;

function scrypt(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N: n, r, p, maxmem: 128 * n * r * 2 };
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const { N, r, p } = PASSWORD_HASH_PARAMS;
  const salt = randomBytes(SALT_BYTES);
  const hash = await scrypt(password, salt, N, r, p);
  return ['scrypt', N, r, p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Upper bounds of stored parameters: a tampered row must not make one login take minutes. */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 64;

/** Constant-time check; false (never an exception) for a malformed stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const [N, R, P] = [Number(n), Number(r), Number(p)];
  if (![N, R, P].every(Number.isSafeInteger) || N > MAX_N || R > MAX_R || P > MAX_P) return false;
  const expected = Buffer.from(hash, 'base64');
  try {
    const actual = await scrypt(password, Buffer.from(salt, 'base64'), N, R, P);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  } catch {
    return false;
  }
}

/**
 * Whether a stored hash (that just verified) was made with other parameters than today's, so
 * the login that proved the password should store a new hash: old accounts reach the current
 * parameters as their owners log in.
 */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split('$');
  const { N, r: R, p: P } = PASSWORD_HASH_PARAMS;
  return scheme !== 'scrypt' || Number(n) !== N || Number(r) !== R || Number(p) !== P;
}
