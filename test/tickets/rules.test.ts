import { describe, expect, it } from 'vitest';
import { checkTicket, isActive, mayMove, nextStatuses, parseQueueFilter, queueQuery, statusAfterClientReply } from '../../src/tickets/rules.js';

const raw = (over: Partial<Record<'type' | 'subject' | 'description' | 'invoice_id' | 'site_id' | 'equipment_id', string>> = {}) => ({ type: 'complaint', subject: 'Pump leaks', description: 'Water on the floor.', invoice_id: '', site_id: '', equipment_id: '', ...over });

describe('request lifecycle', () => {
  it('moves open → in progress → resolved → closed, and reopens resolved or closed requests', () => {
    expect(nextStatuses('open')).toEqual(['in_progress', 'resolved', 'closed']);
    expect(mayMove('in_progress', 'resolved')).toBe(true);
    expect(mayMove('resolved', 'closed')).toBe(true);
    expect(mayMove('resolved', 'open')).toBe(true);
    expect(mayMove('closed', 'open')).toBe(true);
  });

  it('refuses to move a closed request anywhere but open, or a request to where it already is', () => {
    expect(mayMove('closed', 'resolved')).toBe(false);
    expect(mayMove('closed', 'in_progress')).toBe(false);
    expect(mayMove('open', 'open')).toBe(false);
    expect(mayMove('resolved', 'in_progress')).toBe(false);
  });

  it('reopens a resolved request when the client replies, and refuses replies on a closed one', () => {
    expect(statusAfterClientReply('resolved')).toBe('open');
    expect(statusAfterClientReply('in_progress')).toBe('in_progress');
    expect(statusAfterClientReply('open')).toBe('open');
    expect(statusAfterClientReply('closed')).toBeNull();
  });

  it('counts open and in-progress requests as needing attention', () => {
    expect(isActive('open')).toBe(true);
    expect(isActive('in_progress')).toBe(true);
    expect(isActive('resolved')).toBe(false);
    expect(isActive('closed')).toBe(false);
  });
});

describe('the raise form', () => {
  it('accepts each type and trims what was typed', () => {
    for (const type of ['general', 'complaint', 'quote', 'dispute']) {
      const r = checkTicket(raw({ type, subject: '  Pump\r\n leaks  ', description: '  Line one\r\nLine two  \n\n' }));
      expect(r.ok, type).toBe(true);
      if (r.ok) {
        expect(r.value.subject).toBe('Pump leaks');
        expect(r.value.description).toBe('Line one\nLine two');
      }
    }
  });

  it('names the field of every mistake', () => {
    const r = checkTicket(raw({ type: 'refund', subject: '   ', description: '\u0000\u0007', invoice_id: '' }));
    expect(r).toEqual({ ok: false, errors: { type: 'tickets:errors.type', subject: 'validation:required', description: 'validation:required' } });
    const long = checkTicket(raw({ subject: 'x'.repeat(201), description: 'y'.repeat(5001) }));
    expect(long).toEqual({ ok: false, errors: { subject: 'validation:too_long', description: 'validation:too_long' } });
  });

  it('keeps an invoice only on disputes, and refuses an odd one', () => {
    const dispute = checkTicket(raw({ type: 'dispute', invoice_id: '12' }));
    expect(dispute.ok && dispute.value.invoiceId).toBe(12);
    const complaint = checkTicket(raw({ type: 'complaint', invoice_id: '12' }));
    expect(complaint.ok && complaint.value.invoiceId).toBeNull();
    for (const odd of ['-1', '0', '1.5', 'abc', '99999999999999999999']) {
      expect(checkTicket(raw({ type: 'dispute', invoice_id: odd })), odd).toEqual({ ok: false, errors: { invoice_id: 'tickets:errors.invoice' } });
    }
  });
});

describe('the staff queue query string', () => {
  const q = (params: Record<string, string>) => parseQueueFilter((name) => params[name]);

  it('shows open and in-progress requests by default', () => {
    expect(q({})).toEqual({ status: 'active', type: null, clientId: null, assignee: 'any', page: 1 });
    expect(queueQuery(q({}))).toBe('');
  });

  it('reads known filters and drops the rest', () => {
    expect(q({ status: 'resolved', type: 'quote', client_id: '7', assignee: 'none', page: '3' })).toEqual({ status: 'resolved', type: 'quote', clientId: 7, assignee: 'none', page: 3 });
    expect(q({ status: '__proto__', type: 'toString', client_id: '-1', assignee: 'x', page: '0' })).toEqual({ status: 'active', type: null, clientId: null, assignee: 'any', page: 1 });
    expect(q({ assignee: '4' }).assignee).toBe(4);
  });

  it('writes the state back without defaults, for links and the pager', () => {
    const f = q({ status: 'all', type: 'dispute', client_id: '2', assignee: '5' });
    expect(queueQuery(f, 2)).toBe('?status=all&type=dispute&client_id=2&assignee=5&page=2');
  });
});

describe('site and equipment on a request', () => {
  it('takes an optional site and piece of equipment on any type, and refuses odd ids', () => {
    const r = checkTicket(raw({ type: 'complaint', site_id: '3', equipment_id: '9' }));
    expect(r.ok && [r.value.siteId, r.value.equipmentId]).toEqual([3, 9]);
    const none = checkTicket(raw({ type: 'quote' }));
    expect(none.ok && [none.value.siteId, none.value.equipmentId]).toEqual([null, null]);
    expect(checkTicket(raw({ site_id: 'x', equipment_id: '0' }))).toEqual({ ok: false, errors: { site_id: 'tickets:errors.site', equipment_id: 'tickets:errors.equipment' } });
  });
});
