import { describe, expect, it } from 'vitest';
import {
  PORTAL_SETTING_KEYS, ROLE_PRESETS, VISIBILITY_KEYS, defaultsFromRows, effectiveSettings, mayAct, mayView,
  type MemberAccess, type PortalDefaults, type VisibilityKey,
} from '../../src/portal-access/visibility.js';

const nothing = defaultsFromRows([]);
const all = Object.fromEntries(PORTAL_SETTING_KEYS.map((k) => [k, true])) as PortalDefaults;
const member = (role: keyof typeof ROLE_PRESETS, status: MemberAccess['status'] = 'active'): MemberAccess => ({ status, permissions: ROLE_PRESETS[role] });
const financial: VisibilityKey[] = ['invoices', 'payments', 'estimates', 'credit_notes', 'statement', 'balances', 'expenses'];

describe('who may see what in the portal', () => {
  it('shows nothing on a fresh install', () => {
    for (const key of VISIBILITY_KEYS) expect(mayView(member('owner'), nothing, key), key).toBe(false);
    expect(nothing.auto_send_invoices).toBe(false);
  });

  it('lets a client override inherit, show or hide each key', () => {
    const firm = { ...nothing, invoices: true, estimates: true };
    const eff = effectiveSettings(firm, { estimates: false, statement: true });
    expect(eff.invoices).toBe(true); // inherited
    expect(eff.estimates).toBe(false); // hidden for this client
    expect(eff.statement).toBe(true); // shown for this client only
    expect(eff.payments).toBe(false);
  });

  it.each(VISIBILITY_KEYS)('shows %s to an active owner only when the key is on', (key) => {
    expect(mayView(member('owner'), all, key)).toBe(true);
    expect(mayView(member('owner'), { ...all, [key]: false }, key)).toBe(false);
  });

  it.each(['invited', 'revoked'] as const)('shows nothing to a %s membership', (status) => {
    for (const key of VISIBILITY_KEYS) expect(mayView(member('owner', status), all, key)).toBe(false);
    expect(mayAct(member('owner', status), all, 'pay')).toBe(false);
  });

  it('hides money from a member without "view finances" but keeps the rest', () => {
    const noFinance: MemberAccess = { status: 'active', permissions: { ...ROLE_PRESETS.viewer, view_finances: false } };
    for (const key of financial) expect(mayView(noFinance, all, key), key).toBe(false);
    expect(mayView(noFinance, all, 'documents')).toBe(true);
    expect(mayView(noFinance, all, 'tickets')).toBe(true);
  });

  it('gives each role its preset actions', () => {
    expect(mayAct(member('owner'), all, 'approve_estimates')).toBe(true);
    expect(mayAct(member('accounts'), all, 'approve_estimates')).toBe(false);
    expect(mayAct(member('accounts'), all, 'pay')).toBe(true);
    expect(mayAct(member('viewer'), all, 'pay')).toBe(false);
    expect(mayAct(member('viewer'), all, 'raise_tickets')).toBe(false);
    expect(mayAct(member('accounts'), all, 'edit_company')).toBe(false);
    expect(mayAct(member('owner'), all, 'edit_company')).toBe(true);
  });

  it('offers Pay now for the whole balance only with account history on', () => {
    expect(mayAct(member('owner'), { ...all, statement: false }, 'pay_all')).toBe(false);
    expect(mayAct(member('owner'), { ...all, statement: false }, 'pay')).toBe(true);
    expect(mayAct(member('owner'), { ...all, invoices: false }, 'pay')).toBe(false);
  });

  it('lets nobody approve estimates or raise tickets the firm does not show', () => {
    expect(mayAct(member('owner'), { ...all, estimates: false }, 'approve_estimates')).toBe(false);
    expect(mayAct(member('owner'), { ...all, tickets: false }, 'raise_tickets')).toBe(false);
  });
});
