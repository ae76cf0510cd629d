import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeHexLowerCase } from '@oslojs/encoding';

// 32 characters without look-alikes: 5 bits each, so 26 characters carry 130 bits.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A random string of `length` characters from an unambiguous alphabet (≥ 128 bits at 26). */
export function randomToken(length = 26): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += ALPHABET[b >> 3];
  return out;
}

/** SHA-256 of a UTF-8 string, as bytes. */
export function sha256Bytes(text: string): Uint8Array {
  return sha256(new TextEncoder().encode(text));
}

/** SHA-256 of a UTF-8 string, as lower-case hex (for tokens looked up by their hash). */
export function sha256Hex(text: string): string {
  return encodeHexLowerCase(sha256Bytes(text));
}

/** Compares two byte arrays in constant time. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && constantTimeEqual(a, b);
}
