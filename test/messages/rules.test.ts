import { describe, expect, it } from 'vitest';
import { aboutLabel, aboutValue, membersToTell, parseAbout, portalAboutTypes, threadTitle, wantsEmail, type MemberRecipient } from '../../src/messages/rules.js';
import { checkBody, cleanBody, cleanLine, excerpt } from '../../src/messages/text.js';
import { defaultsFromRows, ROLE_PRESETS, type MemberAccess } from '../../src/portal-access/visibility.js';

const settings = (on: string[]) => defaultsFromRows(on.map((key) => ({ key, value: 1 })));
const member = (role: keyof typeof ROLE_PRESETS, extra: Partial<MemberAccess['permissions']> = {}): MemberAccess => ({ status: 'active', permissions: { ...ROLE_PRESETS[role], ...extra } });

describe('message text', () => {
  it('keeps line breaks, drops control characters and outer blank lines', () => {
    expect(cleanBody('\r\n  Hello\r\nsecond line   \r\n\r\nthird\u0000\u0007 \n\n')).toBe('Hello\nsecond line\n\nthird');
    expect(cleanLine(' A\r\nsubject\twith\u0000tabs ')).toBe('A subject with tabs');
  });

  it('refuses an empty or overlong message', () => {
    expect(checkBody(' \n\t ')).toEqual({ ok: false, error: 'validation:required' });
    expect(checkBody('x'.repeat(5001))).toEqual({ ok: false, error: 'validation:too_long' });
    expect(checkBody('<b>hi</b>')).toEqual({ ok: true, value: '<b>hi</b>' });
  });

  it('cuts an excerpt at a word', () => {
    expect(excerpt('short', 10)).toBe('short');
    expect(excerpt('one two three four five six', 15)).toBe('one two three…');
  });
});

describe('what a conversation is about', () => {
  it('reads and writes subjects', () => {
    expect(parseAbout('general')).toEqual({ type: 'general', id: 0 });
    expect(parseAbout('invoice:12')).toEqual({ type: 'invoice', id: 12 });
    expect(aboutValue({ type: 'project', id: 3 })).toBe('project:3');
    for (const odd of ['', 'invoice', 'invoice:0', 'invoice:-1', 'payment:2', 'general:1', 'ticket:1.5', '__proto__', 'invoice:99999999999999999999']) {
      expect(parseAbout(odd), odd).toBeNull();
    }
  });

  it('names a thread by its record', () => {
    const base = { about_id: 4, doc_number: null, project_name: null, ticket_subject: null };
    expect(aboutLabel({ ...base, about_type: 'general' })).toBe('');
    expect(aboutLabel({ ...base, about_type: 'invoice', doc_number: 'INV-2026-0001' })).toBe('INV-2026-0001');
    expect(aboutLabel({ ...base, about_type: 'ticket', ticket_subject: 'Leak' })).toBe('#4 Leak');
    expect(threadTitle({ ...base, about_type: 'project', project_name: 'Audit' })).toEqual({ key: 'messages:about.project', values: { label: 'Audit' } });
  });

  it('shows a member general threads always and the others only when their records are visible', () => {
    expect(portalAboutTypes(member('owner'), settings([]))).toEqual(['general']);
    expect(portalAboutTypes(member('owner'), settings(['invoices', 'tickets']))).toEqual(['general', 'invoice', 'ticket']);
    // Invoices and estimates are money: a member without "view finances" does not see their threads.
    expect(portalAboutTypes(member('viewer', { view_finances: false }), settings(['invoices', 'estimates', 'projects']))).toEqual(['general', 'project']);
    expect(portalAboutTypes({ status: 'revoked', permissions: ROLE_PRESETS.owner }, settings(['invoices']))).toEqual([]);
  });
});

describe('who hears of a message', () => {
  const recipient = (id: number, access: MemberAccess, notify: unknown = null): MemberRecipient => ({ portalUserId: id, email: `m${id}@x.test`, name: `M${id}`, language: 'en', access, notify });

  it('never the author, and only members who may see the record', () => {
    const members = [recipient(1, member('owner')), recipient(2, member('viewer', { view_finances: false })), recipient(3, member('accounts'))];
    expect(membersToTell(members, settings(['invoices']), 'invoices', 1).map((m) => m.portalUserId)).toEqual([3]);
    expect(membersToTell(members, settings([]), null, null).map((m) => m.portalUserId)).toEqual([1, 2, 3]);
    expect(membersToTell(members, settings([]), 'invoices', null)).toEqual([]);
  });

  it('emails unless the member turned that email off', () => {
    expect(wantsEmail(null, 'message_received')).toBe(true);
    expect(wantsEmail({ invoice_issued: false }, 'message_received')).toBe(true);
    expect(wantsEmail({ message_received: false }, 'message_received')).toBe(false);
    expect(wantsEmail({ message_received: 'no' }, 'message_received')).toBe(true);
    expect(wantsEmail([false], 'ticket_updated')).toBe(true);
  });
});
