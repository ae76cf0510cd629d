import { describe, expect, it } from 'vitest';
import { seal, unseal } from '../../src/payments-online/sealed.js';

const SECRET = 'a-session-secret-of-at-least-32-characters!';

describe('sealed return URLs', () => {
  it('open with the same secret only, and never show the text', () => {
    const url = 'https://stoa.example/d/permalinktoken123/paid?checkout=co1';
    const sealed = seal(SECRET, url);
    expect(sealed).not.toContain('permalinktoken123');
    expect(seal(SECRET, url)).not.toBe(sealed); // a fresh nonce each time
    expect(unseal(SECRET, sealed)).toBe(url);
    expect(unseal('another-secret-of-at-least-32-characters', sealed)).toBeNull();
  });

  it('refuse altered or malformed input', () => {
    const sealed = seal(SECRET, 'https://stoa.example/portal/pay/return');
    const flipped = (sealed[5] === 'A' ? 'B' : 'A');
    expect(unseal(SECRET, sealed.slice(0, 5) + flipped + sealed.slice(6))).toBeNull();
    expect(unseal(SECRET, '')).toBeNull();
    expect(unseal(SECRET, 'not sealed at all')).toBeNull();
  });
});
