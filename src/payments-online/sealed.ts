// Return URLs of a checkout may carry a secret (a document permalink's token), and tokens are
// never stored in the clear (DESIGN.md rule 3): they are kept sealed with AES-256-GCM under a
// key derived from SESSION_SECRET, so a copy of the database alone does not reveal them.

import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

function key(secret: string): Buffer {
  return createHmac('sha256', secret).update('stoa checkout return urls v1').digest();
}

/** Seals a text: base64url of nonce ‖ ciphertext ‖ tag. */
export function seal(secret: string, text: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(secret), nonce);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
}

/** Opens a sealed text; null when it was not sealed with this secret or was altered. */
export function unseal(secret: string, sealed: string): string | null {
  try {
    const raw = Buffer.from(sealed, 'base64url');
    if (raw.length < 29) return null;
    const decipher = createDecipheriv('aes-256-gcm', key(secret), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
