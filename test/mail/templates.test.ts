import { describe, expect, it } from 'vitest';
import { EmailTemplateError, renderEmail, TEMPLATE_NAMES, type TemplateData } from '../../src/mail/templates.js';

const env = { firmName: 'Acme Accounting', publicUrl: 'https://stoa.example' };

const invitation: TemplateData['portal-invitation'] = {
  clientName: 'Papadopoulos OE',
  inviteeName: 'Nikos',
  inviterName: 'Anna',
  method: 'link',
  link: 'https://stoa.example/portal/invite/abc123',
  expiresAt: '2026-03-08T10:00:00.000Z',
};

const samples: { [N in keyof TemplateData]: TemplateData[N] } = {
  'portal-invitation': invitation,
  'portal-password-reset': { name: 'Nikos', link: '/portal/reset/tok', expiresInMinutes: 60 },
  'portal-password-changed': { name: 'Nikos', when: '2026-03-01T09:30:00.000Z' },
  'staff-verify-email': { name: 'Anna', link: '/verify-email/tok' },
  'portal-invitation-accepted': { inviteeName: 'Nikos', clientName: 'Papadopoulos OE', link: '/clients/7/portal' },
  notice: { heading: 'Your statement is ready', paragraphs: ['First paragraph.', 'Second one.'], action: { label: 'Open it', url: '/portal/statement' } },
  'document-email': {
    kind: 'invoice', subject: 'Invoice INV-2026-0001', message: 'Dear Nikos,\n\nPlease find the invoice.', number: 'INV-2026-0001', currency: 'EUR',
    total: 12400, amountDue: 12400, dueDate: '2026-02-10', validUntil: null, periodFrom: null, periodTo: null, closingBalance: null, link: '/d/abc',
  },
  'payment-receipt': {
    payerName: 'Nikos', clientName: 'Papadopoulos OE', receiptNumber: 'RCT-2026-000012', date: '2026-03-01', amount: 12400, currency: 'EUR', method: 'card',
    invoices: [{ number: 'INV-2026-0001', amount: 12400 }], credit: 0, testMode: false, link: '/portal/payments/12/receipt',
  },
  'payment-received': { kind: 'received', clientName: 'Papadopoulos OE', payerName: 'Nikos', amount: 12400, currency: 'EUR', receiptNumber: 'RCT-2026-000012', credit: 0, testMode: false, link: '/payments/12' },
};

describe('email templates', () => {
  it('renders every template in English and Greek with a subject, an HTML document and a plain-text twin', () => {
    for (const name of TEMPLATE_NAMES) {
      const en = renderEmail(name, 'en', samples[name], env);
      const el = renderEmail(name, 'el', samples[name], env);
      for (const r of [en, el]) {
        expect(r.subject).toMatch(/^Acme Accounting: /);
        expect(r.subject).not.toMatch(/[\r\n]/);
        expect(r.html).toMatch(/^<!doctype html><html lang="(en|el)">/);
        expect(r.html).toContain('Acme Accounting');
        expect(r.text.length).toBeGreaterThan(20);
        expect(r.text).not.toMatch(/emails:/); // no untranslated keys
        expect(r.html).not.toMatch(/emails:/);
      }
      // A notice's heading and a document email's subject come from the caller; every other subject is ours.
      if (name !== 'notice' && name !== 'document-email') expect(el.subject, name).not.toBe(en.subject);
      expect(en.text).toContain('Sent by Acme Accounting via Stoa.');
      expect(el.text).toContain('Στάλθηκε από Acme Accounting μέσω του Stoa.');
    }
  });

  it('writes the invitation subject in the invitee language', () => {
    expect(renderEmail('portal-invitation', 'en', invitation, env).subject).toBe('Acme Accounting: your invitation to the client portal for Papadopoulos OE');
    expect(renderEmail('portal-invitation', 'el', invitation, env).subject).toBe('Acme Accounting: πρόσκληση στην πύλη πελατών για Papadopoulos OE');
  });

  it('puts the link in both the HTML and the text of an invitation', () => {
    const r = renderEmail('portal-invitation', 'en', invitation, env);
    expect(r.html).toContain('href="https://stoa.example/portal/invite/abc123"');
    expect(r.text).toContain('Set your password: https://stoa.example/portal/invite/abc123');
    expect(r.text).toContain('Anna (Acme Accounting) has invited you to the client portal for Papadopoulos OE');
  });

  it('shows a generated password and says it must be changed, but only for method generated', () => {
    const generated = renderEmail('portal-invitation', 'en', { ...invitation, method: 'generated', password: 'Tq7-xw9-PLm' }, env);
    expect(generated.text).toContain('Temporary password: Tq7-xw9-PLm');
    expect(generated.html).toContain('Tq7-xw9-PLm');
    expect(generated.text).toContain('choose your own password');
    const byStaff = renderEmail('portal-invitation', 'en', { ...invitation, method: 'password' }, env);
    expect(byStaff.text).toContain('the password Anna gave you');
    expect(byStaff.text).not.toContain('Temporary password');
  });

  it('refuses a generated invitation without the password', () => {
    expect(() => renderEmail('portal-invitation', 'en', { ...invitation, method: 'generated' }, env)).toThrow(EmailTemplateError);
  });

  it('makes relative links absolute with PUBLIC_URL and refuses them without it', () => {
    const r = renderEmail('portal-password-reset', 'en', samples['portal-password-reset'], env);
    expect(r.text).toContain('https://stoa.example/portal/reset/tok');
    expect(r.text).toContain('expires in 60 minutes');
    expect(() => renderEmail('portal-password-reset', 'en', samples['portal-password-reset'], { ...env, publicUrl: null })).toThrow(EmailTemplateError);
  });

  it('refuses javascript: and protocol-relative links', () => {
    for (const link of ['javascript:alert(1)', '//evil.example/x', 'data:text/html,hi', 'not a url']) {
      expect(() => renderEmail('staff-verify-email', 'en', { name: 'Anna', link }, env), link).toThrow(EmailTemplateError);
    }
  });

  it('escapes names in HTML', () => {
    const r = renderEmail('portal-invitation', 'en', { ...invitation, inviteeName: '<script>alert(1)</script>', clientName: '"><img src=x onerror=alert(1)>' }, env);
    expect(r.html).not.toContain('<script>alert(1)</script>');
    expect(r.html).not.toContain('<img src=x');
    expect(r.html).toContain('&lt;script&gt;');
  });

  it('keeps CR and LF of names and firm name out of the subject', () => {
    const r = renderEmail('portal-invitation', 'en', { ...invitation, clientName: 'Acme\r\nBcc: attacker@evil.test' }, { ...env, firmName: 'Firm\nX-Evil: 1' });
    expect(r.subject).toBe('Firm X-Evil: 1: your invitation to the client portal for Acme Bcc: attacker@evil.test');
  });

  it('refuses unknown templates and data of the wrong shape', () => {
    expect(() => renderEmail('no-such-template', 'en', {}, env)).toThrow(EmailTemplateError);
    expect(() => renderEmail('portal-invitation', 'en', { ...invitation, method: 'carrier-pigeon' }, env)).toThrow(EmailTemplateError);
    expect(() => renderEmail('portal-password-reset', 'en', { name: 'Nikos', link: '/x', expiresInMinutes: -5 }, env)).toThrow(EmailTemplateError);
    expect(() => renderEmail('portal-invitation', 'en', { ...invitation, clientName: 42 }, env)).toThrow(EmailTemplateError);
  });

  it('cuts an overlong name instead of failing the change that sends the mail', () => {
    const r = renderEmail('portal-invitation', 'en', { ...invitation, clientName: 'A'.repeat(1000) }, env);
    expect(r.subject).toContain('A'.repeat(300));
    expect(r.subject).not.toContain('A'.repeat(301));
  });

  it('renders a notice with caller paragraphs and an optional action', () => {
    const r = renderEmail('notice', 'en', samples.notice, env);
    expect(r.subject).toBe('Acme Accounting: Your statement is ready');
    expect(r.text).toContain('First paragraph.\n\nSecond one.');
    expect(r.text).toContain('Open it: https://stoa.example/portal/statement');
    const bare = renderEmail('notice', 'el', { heading: 'Χωρίς κουμπί', paragraphs: ['Κείμενο.'] }, env);
    expect(bare.html).not.toContain('<a ');
  });
});
