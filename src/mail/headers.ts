import { randomUUID } from 'node:crypto';

// Pure helpers for what ends up in message headers (SECURITY row 28: no injected headers).

/** Collapses CR, LF and other control characters into single spaces, so a value stays on one header line. */
export function singleLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}

// A bare addr-spec: no display name, no spaces, commas, angle brackets or control characters.
const ADDRESS = /^[^\s@,;<>()"[\]\\\u0000-\u001f\u007f]+@[^\s@,;<>()"[\]\\\u0000-\u001f\u007f]+\.[^\s@,;<>()"[\]\\\u0000-\u001f\u007f]+$/;

/** True for a plain email address that is safe to put in To/Cc/Bcc and to store comma-separated. */
export function isMailAddress(value: string): boolean {
  return value.length <= 254 && ADDRESS.test(value);
}

/** The address list as stored in mail_outbox (comma-separated), or null when empty. */
export function joinAddresses(addresses: readonly string[]): string | null {
  return addresses.length ? addresses.join(',') : null;
}

/** Splits a stored address list back into addresses. */
export function splitAddresses(stored: string | null): string[] {
  return stored ? stored.split(',').filter((a) => a !== '') : [];
}

/** Host part of a Message-ID: PUBLIC_URL's host name when known. */
export function messageIdDomain(publicUrl: string | null | undefined): string {
  if (publicUrl) {
    try {
      const host = new URL(publicUrl).hostname.replace(/^\[|\]$/g, '');
      if (/^[a-z0-9.-]+$/i.test(host)) return host;
    } catch {
      // fall through to the default
    }
  }
  return 'stoa.localhost';
}

/** A new globally unique Message-ID, angle brackets included (RFC 5322). */
export function newMessageId(publicUrl: string | null | undefined): string {
  return `<${randomUUID()}@${messageIdDomain(publicUrl)}>`;
}

/** File name of the .eml written for an outbox row: the id, then the Message-ID's safe characters. */
export function emlFileName(id: number, messageId: string): string {
  const safe = messageId.replace(/[^a-z0-9.@-]+/gi, '').slice(0, 100);
  return `${String(id).padStart(6, '0')}-${safe}.eml`;
}
