import { describe, expect, it } from 'vitest';
import { MAX_ADDRESSES, parseAddressList, withoutAddresses } from '../../src/document-mail/addresses.js';
import { defaultMessage, defaultSubject, documentEmailData, periodText, type MailTopic } from '../../src/document-mail/content.js';
import { checkMailForm, mailFormValues, MAX_SUBJECT, type MailFormValues } from '../../src/document-mail/form.js';
import { renderEmail } from '../../src/mail/templates.js';
import { uiFor } from '../../src/web/ui.js';

const form = (over: Partial<MailFormValues> = {}): MailFormValues => ({ to: 'maria@client.gr', cc: '', bcc: '', subject: 'Invoice INV-2026-0001', message: 'Hello', invite: false, ...over });

describe('reading an address field', () => {
  it('splits addresses on semicolons (and commas or line breaks), lower-cases them and drops duplicates', () => {
    expect(parseAddressList(' Maria@Client.gr ; accounts@client.gr,maria@client.gr\nboss@client.gr ')).toEqual({ ok: true, addresses: ['maria@client.gr', 'accounts@client.gr', 'boss@client.gr'] });
  });

  it('keeps the address of "Name <address>"', () => {
    expect(parseAddressList('Maria Papa <maria@client.gr>')).toEqual({ ok: true, addresses: ['maria@client.gr'] });
  });

  it('names every invalid address as typed', () => {
    expect(parseAddressList('maria@@x.gr; ok@client.gr; nikos@; <script>')).toEqual({ ok: false, error: 'invalid', invalid: ['maria@@x.gr', 'nikos@', '<script>'] });
  });

  it('never lets a line break smuggle a header in: each line is an entry of its own and must be an address', () => {
    expect(parseAddressList('maria@client.gr\r\nBcc: evil@attacker.test')).toEqual({ ok: false, error: 'invalid', invalid: ['Bcc: evil@attacker.test'] });
  });

  it('refuses more than the limit', () => {
    const many = Array.from({ length: MAX_ADDRESSES + 1 }, (_, i) => `p${i}@client.gr`).join(';');
    expect(parseAddressList(many)).toEqual({ ok: false, error: 'too_many' });
  });

  it('leaves an empty field empty', () => {
    expect(parseAddressList('  ; ,')).toEqual({ ok: true, addresses: [] });
    expect(parseAddressList(undefined)).toEqual({ ok: true, addresses: [] });
  });

  it('removes addresses already listed elsewhere', () => {
    expect(withoutAddresses(['a@x.gr', 'b@x.gr'], ['b@x.gr'], [])).toEqual(['a@x.gr']);
  });
});

describe('checking the email form', () => {
  it('accepts a plain form and drops CC/BCC addresses that are already in To', () => {
    const r = checkMailForm(form({ cc: 'maria@client.gr; boss@client.gr', bcc: 'boss@client.gr; archive@firm.gr' }));
    expect(r).toEqual({ ok: true, value: { to: ['maria@client.gr'], cc: ['boss@client.gr'], bcc: ['archive@firm.gr'], subject: 'Invoice INV-2026-0001', message: 'Hello', invite: false } });
  });

  it('names the invalid addresses of each field with a count for the plural', () => {
    const r = checkMailForm(form({ to: 'maria@@x.gr', cc: 'a@; b@', bcc: 'fine@client.gr' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.to).toEqual({ key: 'document_mail:errors.invalid_address', values: { count: 1, addresses: 'maria@@x.gr' } });
    expect(r.errors.cc).toEqual({ key: 'document_mail:errors.invalid_address', values: { count: 2, addresses: 'a@, b@' } });
    expect(r.errors.bcc).toBeUndefined();
    expect(uiFor('en').t(r.errors.to!.key, r.errors.to!.values ?? {})).toBe('maria@@x.gr is not a valid address.');
    expect(uiFor('en').t(r.errors.cc!.key, r.errors.cc!.values ?? {})).toBe('These are not valid addresses: a@, b@.');
    expect(uiFor('el').t(r.errors.to!.key, r.errors.to!.values ?? {})).toBe('Η διεύθυνση maria@@x.gr δεν είναι έγκυρη.');
  });

  it('requires a To address and a subject', () => {
    const r = checkMailForm(form({ to: ' ', subject: '  ' }));
    expect(r.ok ? null : r.errors).toEqual({ to: { key: 'document_mail:errors.to_required' }, subject: { key: 'document_mail:errors.subject_required' } });
  });

  it('turns CR and LF in the subject into spaces, so it stays one header line', () => {
    const r = checkMailForm(form({ subject: 'Invoice\r\nBcc: evil@attacker.test' }));
    expect(r.ok && r.value.subject).toBe('Invoice Bcc: evil@attacker.test');
  });

  it('refuses an overlong subject or message', () => {
    const r = checkMailForm(form({ subject: 'x'.repeat(MAX_SUBJECT + 1), message: 'y'.repeat(5001) }));
    expect(r.ok ? null : Object.keys(r.errors).sort()).toEqual(['message', 'subject']);
  });

  it('reads the invite checkbox as ticked only when it carries a value', () => {
    const values = (invite: string | undefined) => mailFormValues((n) => (n === 'invite' ? invite : undefined)).invite;
    expect(values('1')).toBe(true);
    expect(values('on')).toBe(true);
    expect(values(undefined)).toBe(false);
    expect(values('')).toBe(false);
  });
});

const invoice: MailTopic = { kind: 'invoice', number: 'INV-2026-0007', currency: 'EUR', total: 12400, amountDue: 12400, dueDate: '2026-02-10', validUntil: null };

describe('default subjects and messages', () => {
  it('writes them in the reader’s language with the number, total and due date', () => {
    const en = uiFor('en');
    const el = uiFor('el');
    expect(defaultSubject(en, invoice, 'Acme')).toBe('Invoice INV-2026-0007');
    expect(defaultSubject(el, invoice, 'Acme')).toBe('Τιμολόγιο INV-2026-0007');
    const message = defaultMessage(en, invoice, { recipient: 'Papadopoulos OE', firm: 'Acme' });
    expect(message).toContain('Dear Papadopoulos OE,');
    expect(message).toContain('invoice INV-2026-0007 for €124.00, due on 10 Feb 2026');
    expect(defaultMessage(el, invoice, { recipient: 'Παπαδόπουλος ΟΕ', firm: 'Acme' })).toMatch(/124,00\s€/);
  });

  it('does not ask for payment of an invoice that is paid in full', () => {
    const message = defaultMessage(uiFor('en'), { ...invoice, amountDue: 0 }, { recipient: 'X', firm: 'Acme' });
    expect(message).toContain('which is paid in full');
    expect(message).not.toContain('pay it online');
  });

  it('describes a statement by its period and closing balance', () => {
    const en = uiFor('en');
    const statement: MailTopic = { kind: 'statement', currency: 'EUR', from: '2026-01-01', to: '2026-03-31', closingBalance: 5000 };
    expect(periodText(en, '2026-01-01', '2026-03-31')).toBe('1 Jan 2026 – 31 Mar 2026');
    expect(periodText(en, null, null)).toBe('all time');
    expect(defaultSubject(en, statement, 'Acme')).toBe('Statement of account, 1 Jan 2026 – 31 Mar 2026');
    expect(defaultMessage(en, statement, { recipient: 'X', firm: 'Acme' })).toContain('€50.00');
  });
});

describe('the document-email template', () => {
  const env = { firmName: 'Acme Accounting', publicUrl: 'https://stoa.example' };
  const data = documentEmailData(invoice, { subject: 'Invoice INV-2026-0007', message: 'Dear Maria,\n\nPlease find the invoice.\n<script>alert(1)</script>', link: '/d/abcdefghijkmnpqrstuvwxyz2345678', pixel: '/o/abcdefghijkmnpqrstuvwxyz2345678.gif' });

  it('puts the firm in front of the chosen subject, and the message, facts, link and pixel in the body', () => {
    const r = renderEmail('document-email', 'en', data, env);
    expect(r.subject).toBe('Acme Accounting: Invoice INV-2026-0007');
    expect(r.html).toContain('href="https://stoa.example/d/abcdefghijkmnpqrstuvwxyz2345678"');
    expect(r.html).toContain('src="https://stoa.example/o/abcdefghijkmnpqrstuvwxyz2345678.gif"');
    expect(r.html).toContain('€124.00');
    expect(r.html).toContain('10 Feb 2026');
    expect(r.html).not.toContain('<script>');
    expect(r.html).toContain('&lt;script&gt;');
    expect(r.text).toContain('Please find the invoice.');
    expect(r.text).toContain('View invoice: https://stoa.example/d/abcdefghijkmnpqrstuvwxyz2345678');
    expect(r.text).not.toContain('.gif');
  });

  it('labels the facts in the email’s language', () => {
    const r = renderEmail('document-email', 'el', data, env);
    expect(r.html).toContain('Ημερομηνία λήξης');
    expect(r.text).toContain('Προβολή τιμολογίου: https://stoa.example/d/');
  });
});
