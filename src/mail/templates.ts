import { z } from 'zod';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { EmailLayout, textFooter } from '../../views/emails/layout.js';
import { notice, type NoticeData } from '../../views/emails/notice.js';
import { paymentReceipt, type PaymentReceiptData } from '../../views/emails/payment-receipt.js';
import { paymentReceived, type PaymentReceivedData } from '../../views/emails/payment-received.js';
import { documentEmail, type DocumentEmailData } from '../../views/emails/document-email.js';
import { portalInvitationAccepted, type PortalInvitationAcceptedData } from '../../views/emails/portal-invitation-accepted.js';
import { portalInvitation, type PortalInvitationData } from '../../views/emails/portal-invitation.js';
import { portalPasswordChanged, type PortalPasswordChangedData } from '../../views/emails/portal-password-changed.js';
import { portalPasswordReset, type PortalPasswordResetData } from '../../views/emails/portal-password-reset.js';
import { staffVerifyEmail, type StaffVerifyEmailData } from '../../views/emails/staff-verify-email.js';
import type { Language } from '../db/schema.js';
import { uiFor } from '../web/ui.js';
import { singleLine } from './headers.js';
import type { EmailEnv, EmailTemplate } from './template-types.js';

export type { EmailEnv, EmailTemplate } from './template-types.js';
export type {
  NoticeData,
  PortalInvitationAcceptedData,
  PortalInvitationData,
  PortalPasswordChangedData,
  PortalPasswordResetData,
  StaffVerifyEmailData,
};

/** Every template name and the data it needs: pass `data satisfies TemplateData['portal-invitation']` to enqueueMail. */
export interface TemplateData {
  'portal-invitation': PortalInvitationData;
  'portal-password-reset': PortalPasswordResetData;
  'portal-password-changed': PortalPasswordChangedData;
  'staff-verify-email': StaffVerifyEmailData;
  'portal-invitation-accepted': PortalInvitationAcceptedData;
  notice: NoticeData;
  'document-email': DocumentEmailData;
  'payment-receipt': PaymentReceiptData;
  'payment-received': PaymentReceivedData;
}
/** Name of a registered email template. */
export type TemplateName = keyof TemplateData;

/** A rendered email, ready for the outbox. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** Raised when a caller passes an unknown template or data the template cannot use: a bug, not user input. */
export class EmailTemplateError extends Error {}

/** Field types of template data; links are resolved against PUBLIC_URL and must end up http(s). */
function fieldTypes(env: EmailEnv) {
  // One line of text: control characters (CR/LF too) collapse into spaces; an overlong name is cut, never a failure.
  const line = z.string().transform((v) => singleLine(v).slice(0, 300));
  const link = z
    .string()
    .transform((value, ctx) => {
      const base = env.publicUrl ? env.publicUrl + '/' : undefined;
      try {
        if (!base && !/^https?:\/\//i.test(value)) throw new Error('relative');
        // A path like /portal/reset/… is joined to PUBLIC_URL; "//evil" or other schemes are refused below.
        const url = base && value.startsWith('/') && !value.startsWith('//') ? new URL(value.slice(1), base) : new URL(value);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
        return url.href;
      } catch {
        ctx.issues.push({ code: 'custom', message: 'must be an absolute http(s) URL or a path with PUBLIC_URL known', input: value });
        return z.NEVER;
      }
    });
  const timestamp = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO timestamp');
  return { line, link, timestamp };
}
type Fields = ReturnType<typeof fieldTypes>;

interface Registered<D> {
  template: EmailTemplate<D>;
  schema(f: Fields): z.ZodType<D>;
}

/** Pairs a template with the schema of its data (typed together, erased below for lookup by name). */
function register<D>(template: EmailTemplate<D>, schema: (f: Fields) => z.ZodType<D>): Registered<D> {
  return { template, schema };
}

const registry: { [N in TemplateName]: Registered<TemplateData[N]> } = {
  'portal-invitation': register(portalInvitation, (f) =>
    z
      .object({
        clientName: f.line,
        inviteeName: f.line,
        inviterName: f.line,
        method: z.enum(['link', 'password', 'generated']),
        link: f.link,
        password: z.string().min(1).max(200).optional(),
        expiresAt: f.timestamp,
      })
      .refine((d) => d.method !== 'generated' || d.password !== undefined, { message: 'a generated password is required', path: ['password'] }),
  ),
  'portal-password-reset': register(portalPasswordReset, (f) =>
    z.object({ name: f.line, link: f.link, expiresInMinutes: z.number().int().positive() }),
  ),
  'portal-password-changed': register(portalPasswordChanged, (f) => z.object({ name: f.line, when: f.timestamp })),
  'staff-verify-email': register(staffVerifyEmail, (f) => z.object({ name: f.line, link: f.link })),
  'portal-invitation-accepted': register(portalInvitationAccepted, (f) =>
    z.object({ inviteeName: f.line, clientName: f.line, link: f.link }),
  ),
  notice: register(notice, (f) =>
    z.object({
      heading: f.line,
      paragraphs: z.array(z.string().max(5000)).max(50),
      action: z.object({ label: f.line, url: f.link }).optional(),
    }),
  ),
  'document-email': register(documentEmail, (f) => {
    const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable();
    const minor = z.number().int().safe().nullable();
    return z.object({
      kind: z.enum(['invoice', 'estimate', 'credit_note', 'statement']),
      subject: f.line,
      message: z.string().max(5000),
      number: f.line.nullable(),
      currency: z.string().regex(/^[A-Z]{3}$/),
      total: minor,
      amountDue: minor,
      dueDate: date,
      validUntil: date,
      periodFrom: date,
      periodTo: date,
      closingBalance: minor,
      link: f.link,
      pixel: f.link.optional(),
    });
  }),
  'payment-receipt': register(paymentReceipt, (f) => {
    const minor = z.number().int().safe();
    return z.object({
      payerName: f.line,
      clientName: f.line,
      receiptNumber: f.line,
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      amount: minor,
      currency: z.string().regex(/^[A-Z]{3}$/),
      method: z.enum(['bank_transfer', 'card', 'cash', 'cheque', 'other']),
      invoices: z.array(z.object({ number: f.line, amount: minor })).max(500),
      credit: minor,
      testMode: z.boolean(),
      link: f.link.optional(),
    });
  }),
  'payment-received': register(paymentReceived, (f) =>
    z.object({
      kind: z.enum(['received', 'anomaly', 'refunded']),
      clientName: f.line,
      payerName: f.line,
      amount: z.number().int().safe(),
      currency: z.string().regex(/^[A-Z]{3}$/),
      receiptNumber: f.line.optional(),
      credit: z.number().int().safe(),
      testMode: z.boolean(),
      link: f.link,
    }),
  ),
};

/** True when `name` is a registered template. */
export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(registry, name);
}

/** Names of all registered templates. */
export const TEMPLATE_NAMES = Object.keys(registry) as TemplateName[];

// hono/jsx renders synchronously when no component is async; emails never are.
function renderSync(node: JSX.Element): string {
  if (node instanceof Promise) throw new EmailTemplateError('email components must be synchronous');
  const out: unknown = node.toString();
  if (typeof out !== 'string') throw new EmailTemplateError('email components must be synchronous');
  return out;
}

function renderWith<D>(entry: Registered<D>, language: Language, data: unknown, env: EmailEnv): RenderedEmail {
  const parsed = entry.schema(fieldTypes(env)).safeParse(data);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '_'}: ${i.message}`).join('; ');
    throw new EmailTemplateError(`invalid email data (${where})`);
  }
  const ui = uiFor(language);
  const subject = singleLine(entry.template.subject(ui.t, parsed.data, env));
  const body = entry.template.html(ui, parsed.data, env);
  const html = '<!doctype html>' + renderSync(EmailLayout({ ui, env, title: subject, children: body }));
  const text = entry.template.text(ui, parsed.data, env) + '\n\n' + textFooter(ui, env) + '\n';
  return { subject, html, text };
}

/**
 * Renders a template by name: validates the data, then builds the one-line subject, the HTML
 * (inside the shared layout) and the plain text. Pure and synchronous; throws EmailTemplateError on a bug.
 */
export function renderEmail(name: string, language: Language, data: unknown, env: EmailEnv): RenderedEmail {
  if (!isTemplateName(name)) throw new EmailTemplateError(`unknown email template ${JSON.stringify(name)}`);
  const firmName = singleLine(env.firmName) || 'Stoa';
  const cleanEnv: EmailEnv = { firmName, publicUrl: env.publicUrl ? env.publicUrl.replace(/\/+$/, '') : null, brand: env.brand };
  switch (name) {
    case 'portal-invitation':
      return renderWith(registry[name], language, data, cleanEnv);
    case 'portal-password-reset':
      return renderWith(registry[name], language, data, cleanEnv);
    case 'portal-password-changed':
      return renderWith(registry[name], language, data, cleanEnv);
    case 'staff-verify-email':
      return renderWith(registry[name], language, data, cleanEnv);
    case 'portal-invitation-accepted':
      return renderWith(registry[name], language, data, cleanEnv);
    case 'notice':
      return renderWith(registry[name], language, data, cleanEnv);
    case 'document-email':
      return renderWith(registry[name], language, data, cleanEnv);
    case 'payment-receipt':
      return renderWith(registry[name], language, data, cleanEnv);
    case 'payment-received':
      return renderWith(registry[name], language, data, cleanEnv);
  }
}
