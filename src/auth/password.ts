import { hash, verify } from '@node-rs/argon2';

// OWASP ASVS 5 appendix C minimum for argon2id; the library's defaults are weaker.
const ARGON2 = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** Shortest password accepted. */
export const PASSWORD_MIN = 8;
/** Longest password accepted (long passphrases are accepted whole, not truncated). */
export const PASSWORD_MAX = 1024;

// The most common passwords of public breach lists (case-insensitive), refused outright.
const COMMON = new Set([
  'password', 'password1', 'password123', '12345678', '123456789', '1234567890', 'qwerty123', 'qwertyuiop',
  '11111111', '00000000', 'iloveyou', 'abc12345', 'abcd1234', 'football', 'baseball', 'welcome1', 'letmein1',
  'sunshine', 'princess', 'passw0rd', 'p@ssw0rd', 'admin123', 'administrator', 'qwerty12', '1q2w3e4r',
  '1qaz2wsx', 'zaq12wsx', 'trustno1', 'superman', 'starwars', 'whatever', 'dragon12', 'monkey12', '87654321',
  '12341234', '11223344', 'asdfghjk', 'asdf1234', 'changeme', 'welcome123', 'master12', 'computer', 'internet',
  'stoa1234', 'portal123', 'qwertyui', 'michael1', 'jennifer', 'corvette', 'mercedes', 'liverpool', 'chelsea1',
]);

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email?: string): 'too_short' | 'too_long' | 'too_common' | null {
  if ([...password].length < PASSWORD_MIN) return 'too_short';
  if (password.length > PASSWORD_MAX) return 'too_long';
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || /^(.)\1+$/.test(password)) return 'too_common';
  if (email && lower === email.toLowerCase()) return 'too_common';
  return null;
}

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

let dummyHash: Promise<string> | null = null;

/**
 * Verifies a password; with no stored hash it verifies against a dummy so an unknown
 * account takes as long as a wrong password (no account enumeration by timing).
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX) return false;
  if (storedHash === null) {
    dummyHash ??= hashPassword('dummy-password-for-timing');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
