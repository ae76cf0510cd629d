import { describe, expect, it } from 'vitest';
import { randomToken } from '../../src/auth/tokens.js';
import { absoluteUrl, isTokenShape, LINK_TOKEN_LENGTH, linkState, PERMALINK_DAYS, permalinkExpiry, permalinkPath, pixelPath } from '../../src/permalinks/rules.js';

describe('permalink rules', () => {
  it('accepts only tokens of our shape (160 bits from the unambiguous alphabet)', () => {
    expect(LINK_TOKEN_LENGTH * 5).toBeGreaterThanOrEqual(128);
    for (let i = 0; i < 50; i++) expect(isTokenShape(randomToken(LINK_TOKEN_LENGTH))).toBe(true);
    expect(isTokenShape('short')).toBe(false);
    expect(isTokenShape('A'.repeat(32))).toBe(false);
    expect(isTokenShape('l'.repeat(32))).toBe(false);
    expect(isTokenShape(randomToken(26))).toBe(false);
    expect(isTokenShape(undefined)).toBe(false);
  });

  it('expires links 90 days after they were emailed', () => {
    const now = new Date('2026-01-01T10:00:00.000Z');
    expect(PERMALINK_DAYS).toBe(90);
    expect(permalinkExpiry(now)).toBe('2026-04-01T10:00:00.000Z');
  });

  it('tells active, expired and revoked links apart', () => {
    const now = new Date('2026-02-01T00:00:00.000Z');
    expect(linkState({ expires_at: '2026-03-01T00:00:00.000Z', revoked_at: null }, now)).toBe('active');
    expect(linkState({ expires_at: '2026-01-31T23:59:59.000Z', revoked_at: null }, now)).toBe('expired');
    expect(linkState({ expires_at: '2026-03-01T00:00:00.000Z', revoked_at: '2026-01-15T00:00:00.000Z' }, now)).toBe('revoked');
  });

  it('builds links from PUBLIC_URL only', () => {
    expect(absoluteUrl('https://stoa.example/', permalinkPath('tok'))).toBe('https://stoa.example/d/tok');
    expect(absoluteUrl('https://stoa.example', pixelPath('tok'))).toBe('https://stoa.example/o/tok.gif');
  });
});
