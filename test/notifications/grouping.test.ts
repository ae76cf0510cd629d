import { describe, expect, it } from 'vitest';
import { groupNotifications, notificationText, parseNotificationData, safeNotificationLink, type NotificationInput } from '../../src/notifications/grouping.js';
import { uiFor } from '../../src/web/ui.js';

let id = 100;
function row(at: string, kind: string, data: Record<string, unknown>, link: string | null, read = false): NotificationInput {
  id -= 1;
  return { id, kind, data: JSON.stringify(data), link, read_at: read ? at : null, created_at: at, client_name: 'Acme' };
}

describe('grouping staff notifications', () => {
  it('groups by day, record, person and kind, newest first, counting and keeping unread', () => {
    const rows = [
      row('2026-03-10T15:00:00.000Z', 'document_viewed', { name: 'Μαρία', number: 'INV-2026-0012', kind: 'invoice' }, '/invoices/12'),
      row('2026-03-10T12:00:00.000Z', 'document_viewed', { name: 'Γιώργος', number: 'INV-2026-0012', kind: 'invoice' }, '/invoices/12'),
      row('2026-03-10T11:00:00.000Z', 'document_viewed', { name: 'Μαρία', number: 'INV-2026-0012', kind: 'invoice' }, '/invoices/12', true),
      row('2026-03-10T10:00:00.000Z', 'estimate_accepted', { name: 'Μαρία', number: 'EST-2026-0003' }, '/estimates/3'),
      row('2026-03-10T09:00:00.000Z', 'document_viewed', { name: 'Μαρία', number: 'INV-2026-0012', kind: 'invoice' }, '/invoices/12', true),
      row('2026-03-09T09:00:00.000Z', 'document_viewed', { name: 'Μαρία', number: 'INV-2026-0012', kind: 'invoice' }, '/invoices/12', true),
    ];
    const days = groupNotifications(rows);
    expect(days.map((d) => d.day)).toEqual(['2026-03-10', '2026-03-09']);
    const first = days[0]!.groups;
    expect(first.map((g) => [g.kind, g.count, g.unread])).toEqual([
      ['document_viewed', 3, true],
      ['document_viewed', 1, true],
      ['estimate_accepted', 1, true],
    ]);
    expect(first[0]!.ids).toEqual([rows[0]!.id, rows[2]!.id, rows[4]!.id]);
    expect(first[0]!.latestAt).toBe('2026-03-10T15:00:00.000Z');
    expect(days[1]!.groups[0]).toMatchObject({ count: 1, unread: false });
  });

  it('words a group in English and Greek, with the count', () => {
    const [day] = groupNotifications([
      row('2026-03-10T15:00:00.000Z', 'document_viewed', { name: 'Μαρία', number: 'INV-2026-0012' }, '/invoices/12'),
      row('2026-03-10T14:00:00.000Z', 'document_viewed', { name: 'Μαρία', number: 'INV-2026-0012' }, '/invoices/12'),
      row('2026-03-10T13:00:00.000Z', 'document_viewed', { name: 'Μαρία', number: 'INV-2026-0012' }, '/invoices/12'),
    ]);
    const text = notificationText(day!.groups[0]!);
    expect(uiFor('en').t(text.key, text.values)).toBe('Μαρία viewed INV-2026-0012 3 times');
    expect(uiFor('el').t(text.key, text.values)).toBe('Μαρία: άνοιξε το INV-2026-0012 3 φορές');
    const once = notificationText({ kind: 'document_viewed', data: { name: 'Μαρία', number: 'INV-1' }, count: 1, clientName: null });
    expect(uiFor('en').t(once.key, once.values)).toBe('Μαρία viewed INV-1');
  });

  it('words every kind it knows and a generic sentence for the rest', () => {
    const en = uiFor('en');
    const say = (kind: string, data: Record<string, unknown>) => {
      const x = notificationText({ kind, data, count: 1, clientName: 'Acme' });
      return en.t(x.key, x.values);
    };
    expect(say('estimate_rejected', { name: 'Tom', number: 'EST-1' })).toBe('Tom rejected estimate EST-1');
    expect(say('portal_invitation_accepted', { inviteeName: 'Tom', clientName: 'Acme' })).toBe('Tom accepted the portal invitation of Acme');
    expect(say('company_updated', { name: 'Tom' })).toBe('Tom updated the company information of Acme');
    expect(say('something_new', {})).toBe('Notification');
  });

  it('survives bad stored data and keeps links on this site', () => {
    expect(parseNotificationData('not json')).toEqual({});
    expect(parseNotificationData('[1,2]')).toEqual({});
    expect(safeNotificationLink('/invoices/1')).toBe('/invoices/1');
    expect(safeNotificationLink('//evil.example')).toBeNull();
    expect(safeNotificationLink('https://evil.example')).toBeNull();
    expect(safeNotificationLink('javascript:alert(1)')).toBeNull();
    expect(safeNotificationLink('/\\evil')).toBeNull();
    expect(safeNotificationLink(null)).toBeNull();
  });
});
