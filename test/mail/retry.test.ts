import { describe, expect, it } from 'vitest';
import { emlFileName, isMailAddress, messageIdDomain, newMessageId, singleLine } from '../../src/mail/headers.js';
import { backoffMs, classifySendError } from '../../src/mail/retry.js';

function smtpError(responseCode: number, response: string) {
  return Object.assign(new Error('Can\'t send mail'), { code: 'EENVELOPE', responseCode, response });
}

describe('retry rules', () => {
  it('waits 1, 2, 4 … minutes between attempts, at most an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 30].map((n) => backoffMs(n) / 60_000)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('retries 4xx replies and gives up on 5xx replies', () => {
    expect(classifySendError(smtpError(421, '421 Try again later'))).toEqual({ permanent: false, reason: '421 Try again later' });
    expect(classifySendError(smtpError(451, '451 4.3.0 Local error')).permanent).toBe(false);
    expect(classifySendError(smtpError(550, '550 Mailbox unavailable'))).toEqual({ permanent: true, reason: '550 Mailbox unavailable' });
    expect(classifySendError(smtpError(554, '554 Rejected')).permanent).toBe(true);
    // 503 is a session sequence error: a new connection may succeed.
    expect(classifySendError(smtpError(503, '503 Bad sequence')).permanent).toBe(false);
  });

  it('retries connection failures and our own setup errors', () => {
    expect(classifySendError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ESOCKET' }))).toEqual({
      permanent: false,
      reason: 'ESOCKET: connect ECONNREFUSED 127.0.0.1:2525',
    });
    expect(classifySendError(Object.assign(new Error('Invalid login'), { code: 'EAUTH', responseCode: 535, response: '535 Authentication failed' })).permanent).toBe(false);
    expect(classifySendError(new Error('something odd')).permanent).toBe(false);
  });

  it('gives up on a malformed message that never reached the server', () => {
    expect(classifySendError(Object.assign(new Error('No recipients defined'), { code: 'EENVELOPE' })).permanent).toBe(true);
  });

  it('keeps the reason on one line', () => {
    expect(classifySendError(smtpError(550, '550-first line\r\n550 second line')).reason).toBe('550-first line 550 second line');
  });
});

describe('header safety', () => {
  it('flattens control characters into single spaces', () => {
    expect(singleLine('Acme\r\nBcc: x@y.z')).toBe('Acme Bcc: x@y.z');
    expect(singleLine('  a\t\tb\u2028c ')).toBe('a b c');
  });

  it('accepts plain addresses only', () => {
    expect(isMailAddress('nikos@client.test')).toBe(true);
    for (const bad of ['nikos', 'a@b', 'x@y.z\r\nBcc: e@v.il', 'A <a@b.c>', 'a@b.c,d@e.f', 'a b@c.d', '']) expect(isMailAddress(bad), bad).toBe(false);
  });

  it('builds unique Message-IDs on the PUBLIC_URL host', () => {
    const a = newMessageId('https://portal.firm.example:8443');
    expect(a).toMatch(/^<[0-9a-f-]{36}@portal\.firm\.example>$/);
    expect(newMessageId('https://portal.firm.example')).not.toBe(a);
    expect(messageIdDomain(null)).toBe('stoa.localhost');
  });

  it('names .eml files after the outbox id and the Message-ID', () => {
    expect(emlFileName(42, '<1234-abcd@portal.firm.example>')).toBe('000042-1234-abcd@portal.firm.example.eml');
    expect(emlFileName(7, '<../../etc/passwd@x>')).not.toContain('/');
  });
});
