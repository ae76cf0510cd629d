import { describe, expect, it } from 'vitest';
import { checkAccent, contrastRatio, isHexColour } from '../../src/brand/colour.js';
import { contactLines, BRAND_DEFAULTS, checkLogo, isLogoFileName } from '../../src/brand/service.js';
import { uiFor } from '../../src/web/ui.js';
import { makePng } from './support.js';

describe('accent colour', () => {
  it('measures contrast as WCAG does', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
  });

  it('accepts a dark colour and normalizes it to lower case', () => {
    expect(checkAccent(' #1F5F8B ')).toEqual({ ok: true, value: '#1f5f8b' });
  });

  it('refuses a colour white text cannot be read on', () => {
    expect(checkAccent('#ffdd00')).toEqual({ ok: false, error: 'brand:errors.colour_contrast' });
  });

  it('refuses anything that is not #rrggbb', () => {
    for (const bad of ['', 'red', '#fff', '#12345g', '1f5f8b', '#1f5f8b;}', 'url(x)']) {
      expect(isHexColour(bad)).toBe(false);
      expect(checkAccent(bad)).toEqual({ ok: false, error: 'brand:errors.colour_format' });
    }
  });
});

describe('logos and contact lines', () => {
  it('accepts PNG by content and refuses text, SVG and empty files', () => {
    expect(checkLogo(makePng())).toEqual({ ok: true, type: 'image/png' });
    expect(checkLogo(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toEqual({ ok: false, error: 'brand:errors.logo_type' });
    expect(checkLogo(new Uint8Array())).toEqual({ ok: false, error: 'brand:errors.logo_empty' });
    expect(checkLogo(new Uint8Array(1024 * 1024 + 1))).toEqual({ ok: false, error: 'brand:errors.logo_too_large' });
  });

  it('serves only names it could have made', () => {
    expect(isLogoFileName('abcdefghijkl-0123456789ab.png')).toBe(true);
    expect(isLogoFileName('../session-secret')).toBe(false);
    expect(isLogoFileName('abc-0123456789ab.svg')).toBe(false);
  });

  it('prints contact details in the reader\'s language', () => {
    const brand = { ...BRAND_DEFAULTS, address: 'Ερμού 10\nΑθήνα 10563', phone: '210 1234567', vat_number: 'EL123456789' };
    expect(contactLines(brand, uiFor('el').t)).toEqual(['Ερμού 10, Αθήνα 10563', 'Τηλ. 210 1234567 · ΑΦΜ EL123456789']);
    expect(contactLines(brand, uiFor('en').t)).toEqual(['Ερμού 10, Αθήνα 10563', 'Tel. 210 1234567 · VAT no. EL123456789']);
    expect(contactLines(BRAND_DEFAULTS, uiFor('en').t)).toEqual([]);
  });
});
