import { describe, expect, it } from 'vitest';
import { countryName, countryOptions, isCountryCode } from '../../src/clients/country.js';
import { validateClient, validateContact, validateProject } from '../../src/clients/validation.js';

const base = { name: 'Acme', currency: 'EUR', language: 'el' };

describe('validateClient', () => {
  it('trims text, lower-cases the email, upper-cases codes and turns empty fields into null', () => {
    const r = validateClient({ ...base, name: '  Acme SA ', email: ' Info@Acme.GR ', country: 'gr', currency: 'eur', phone: '', vat_number: '   ' });
    expect(r).toEqual({
      ok: true,
      value: {
        name: 'Acme SA', email: 'info@acme.gr', phone: null, vat_number: null, address_line1: null, address_line2: null,
        city: null, postcode: null, country: 'GR', currency: 'EUR', language: 'el', notes: null,
      },
    });
  });

  it('requires a name, a currency and a language', () => {
    const r = validateClient({ name: ' ', currency: '', language: '' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual({ name: 'validation:required', currency: 'validation:required', language: 'validation:language' });
  });

  it('refuses an invalid email, an unknown currency, a language other than en or el and an unknown country', () => {
    const r = validateClient({ ...base, email: 'not-an-email', currency: 'EUX', language: 'fr', country: 'Greece' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual({ email: 'validation:email', currency: 'validation:currency', language: 'validation:language', country: 'clients:errors.country' });
  });

  it('refuses a name over 200 characters, a VAT number over 30 and an address line over 200', () => {
    const r = validateClient({ ...base, name: 'x'.repeat(201), vat_number: '1'.repeat(31), address_line1: 'a'.repeat(201) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual({ name: 'validation:too_long', vat_number: 'validation:too_long', address_line1: 'validation:too_long' });
  });

  it('accepts names of exactly 200 characters and VAT numbers of exactly 30', () => {
    expect(validateClient({ ...base, name: 'x'.repeat(200), vat_number: '1'.repeat(30) }).ok).toBe(true);
  });

  it('refuses line breaks in a name (they would end up in email headers)', () => {
    const r = validateClient({ ...base, name: 'Acme\r\nBcc: victim@example.com' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.name).toBe('validation:invalid');
  });

  it('keeps line breaks in notes', () => {
    const r = validateClient({ ...base, notes: 'line one\nline two' });
    expect(r.ok && r.value.notes).toBe('line one\nline two');
  });
});

describe('validateContact', () => {
  it('requires a name and a valid email; the phone is optional', () => {
    expect(validateContact({ name: 'Maria', email: 'maria@example.gr' })).toEqual({ ok: true, value: { name: 'Maria', email: 'maria@example.gr', phone: null } });
    const r = validateContact({ name: '', email: 'nope' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual({ name: 'validation:required', email: 'validation:email' });
    const missing = validateContact({ name: 'Maria' });
    expect(!missing.ok && missing.errors.email).toBe('validation:required');
  });
});

describe('validateProject', () => {
  it('reads portal visibility from a checkbox and defaults portal time to billable', () => {
    expect(validateProject({ name: 'Audit 2025', portal_visible: 'on' })).toEqual({ ok: true, value: { name: 'Audit 2025', email: null, portal_visible: true, portal_time: 'billable' } });
    expect(validateProject({ name: 'Audit', portal_visible: '0', portal_time: 'all' })).toEqual({ ok: true, value: { name: 'Audit', email: null, portal_visible: false, portal_time: 'all' } });
  });

  it('refuses a missing name, a bad email and an unknown portal time', () => {
    const r = validateProject({ name: '', email: 'x@', portal_time: 'some' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual({ name: 'validation:required', email: 'validation:email', portal_time: 'validation:invalid' });
  });
});

describe('countries', () => {
  it('knows ISO 3166 alpha-2 codes and names them in both languages', () => {
    expect(isCountryCode('GR')).toBe(true);
    expect(isCountryCode('XX')).toBe(false);
    expect(countryName('GR', 'en')).toBe('Greece');
    expect(countryName('GR', 'el')).toBe('Ελλάδα');
    expect(countryOptions('el').find((o) => o.value === 'CY')?.label).toBe('Κύπρος');
  });
});
