import { describe, expect, it } from 'vitest';
import { portalDocumentPath, quickActions, recentDocumentKinds, showsFigures } from '../../src/portal/dashboard-rules.js';
import { defaultsFromRows, ROLE_PRESETS, type MemberAccess, type PortalDefaults } from '../../src/portal-access/visibility.js';

const member = (role: keyof typeof ROLE_PRESETS, extra: Partial<MemberAccess['permissions']> = {}): MemberAccess => ({ status: 'active', permissions: { ...ROLE_PRESETS[role], ...extra } });
const settings = (on: string[]): PortalDefaults => defaultsFromRows(on.map((key) => ({ key, value: 1 })));

describe('dashboard rules', () => {
  it('offers quick actions only for visible sections', () => {
    const none = new Set<'tickets' | 'messages'>();
    expect(quickActions(member('owner'), settings([]), none).map((a) => a.id)).toEqual([]);
    expect(quickActions(member('viewer'), settings(['invoices', 'statement']), none).map((a) => a.id)).toEqual(['view_invoices', 'view_statement']);
    expect(quickActions(member('owner', { view_finances: false }), settings(['invoices', 'statement']), none).map((a) => a.id)).toEqual([]);
  });

  it('offers requests and messages once their pages exist, to members allowed to use them', () => {
    const live = new Set(['tickets', 'messages'] as const);
    expect(quickActions(member('owner'), settings(['tickets']), live).map((a) => a.id)).toEqual(['raise_request', 'request_quote', 'message_us']);
    expect(quickActions(member('viewer'), settings(['tickets']), live).map((a) => a.id)).toEqual([]);
    expect(quickActions(member('owner'), settings([]), live).map((a) => a.id)).toEqual(['message_us']);
    expect(quickActions(member('owner'), settings(['tickets']), new Set()).map((a) => a.id)).toEqual([]);
    // Both pages exist now: the default offers them.
    expect(quickActions(member('owner'), settings(['tickets'])).map((a) => a.id)).toEqual(['raise_request', 'request_quote', 'message_us']);
  });

  it('lists recent documents of visible kinds and shows figures only with invoices and finances', () => {
    expect(recentDocumentKinds(member('viewer'), settings(['invoices', 'credit_notes']))).toEqual(['invoice', 'credit_note']);
    expect(recentDocumentKinds(member('viewer', { view_finances: false }), settings(['invoices', 'estimates']))).toEqual([]);
    expect(showsFigures(member('viewer'), settings(['invoices']))).toBe(true);
    expect(showsFigures(member('viewer'), settings(['statement']))).toBe(false);
    expect(showsFigures({ status: 'revoked', permissions: ROLE_PRESETS.owner }, settings(['invoices']))).toBe(false);
  });

  it('builds document paths per kind', () => {
    expect(portalDocumentPath('invoice', 3)).toBe('/invoices/3');
    expect(portalDocumentPath('estimate', 4)).toBe('/estimates/4');
    expect(portalDocumentPath('credit_note', 5)).toBe('/credit-notes/5');
  });
});
