// What a portal member does from the dashboard area: answer an estimate, edit the company's
// details. Rules stay with their owners (respondToEstimate, updateClient); this adds what the
// portal needs in the SAME transaction: staff notifications and notice emails. No HTTP here.

import { updateClient } from '../clients/service.js';
import type { ClientField, Errors, Raw } from '../clients/validation.js';
import type { Db, Trx } from '../db/index.js';
import type { Client, DocumentRow, Language } from '../db/schema.js';
import { documentLabel } from '../documents/kinds.js';
import { getDocument, MAX_REASON, respondToEstimate } from '../documents/service.js';
import type { Actor } from '../events/service.js';
import { translator } from '../i18n/index.js';
import { isMailAddress } from '../mail/headers.js';
import { enqueueMail } from '../mail/outbox.js';
import { staffMailLanguage } from '../notifications/mail-language.js';
import { notifyStaff } from '../notifications/service.js';
import { getFirmSettings } from '../settings/service.js';
import type { PortalView } from './context.js';

/** The actor of a signed-in portal member; null in a staff preview (nothing is recorded as the client's). */
export function portalActor(p: PortalView): Actor | null {
  if (p.preview || p.user.id === null) return null;
  return { type: 'portal', id: p.user.id, name: p.user.name };
}

/** Fields of the client record a portal member may edit (billing address, VAT number, phone). */
export const COMPANY_FIELDS = ['address_line1', 'address_line2', 'city', 'postcode', 'country', 'vat_number', 'phone'] as const satisfies readonly ClientField[];
/** One of COMPANY_FIELDS. */
export type CompanyField = (typeof COMPANY_FIELDS)[number];

/** Why an estimate answer was refused. */
export type EstimateAnswerError =
  | { error: 'NotFound' }
  | { error: 'Invalid'; field: 'comment' | 'reason'; key: string }
  | { error: 'Expired' }
  | { error: 'AlreadyAnswered'; status: 'accepted' | 'rejected' | 'other' };

// Emails every staff member a notice in their own language, else the firm's.
async function emailStaff(
  trx: Trx,
  recipients: ReadonlyArray<{ email: string; language: Language | null }>,
  build: (t: ReturnType<typeof translator>) => { heading: string; paragraphs: string[]; action?: { label: string; url: string } },
  about: { clientId: number; subjectType: string; subjectId: number },
  publicUrl: string,
): Promise<void> {
  const to = recipients.filter((r) => isMailAddress(r.email));
  if (to.length === 0) return;
  const firm = await getFirmSettings(trx);
  const texts = new Map<Language, ReturnType<typeof build>>();
  for (const r of to) {
    const language = staffMailLanguage(r, firm.default_language);
    let data = texts.get(language);
    if (!data) {
      data = build(translator(language));
      texts.set(language, data);
    }
    await enqueueMail(trx, { to: [r.email], template: 'notice', language, data: { ...data }, ...about }, { publicUrl, firmName: firm.firm_name });
  }
}

/**
 * A member accepts or rejects a sent estimate of the active client. Scoped to that client
 * (another client's or a draft → NotFound); refused once answered or expired; one transaction
 * records the answer, its event, a notification for every active staff member and their emails.
 * Concurrent answers are serialized by the write transaction: the second finds it answered.
 */
export async function answerEstimate(
  db: Db,
  portal: PortalView,
  actor: Actor,
  id: number,
  response: 'accepted' | 'rejected',
  text: string,
  opts: { publicUrl: string },
): Promise<{ ok: true } | ({ ok: false } & EstimateAnswerError)> {
  const field = response === 'accepted' ? 'comment' : 'reason';
  const detail = await getDocument(db, 'estimate', id, { clientId: portal.client.id });
  if (!detail || detail.doc.status === 'draft') return { ok: false, error: 'NotFound' };
  const comment = text.trim();
  if (comment.length > MAX_REASON) return { ok: false, error: 'Invalid', field, key: 'validation:too_long' };
  const clientName = portal.client.name;
  const notify = async (trx: Trx, estimate: DocumentRow) => {
    const number = documentLabel(estimate);
    const link = `/estimates/${estimate.id}`;
    const recipients = await notifyStaff(trx, {
      kind: response === 'accepted' ? 'estimate_accepted' : 'estimate_rejected',
      clientId: estimate.client_id,
      data: { name: actor.name, number, clientName, comment: comment || null },
      link,
    });
    await emailStaff(
      trx,
      recipients,
      (t) => ({
        heading: t(`portal_home:email.${response}_heading`, { number }),
        paragraphs: [
          t(`portal_home:email.${response}_body`, { name: actor.name, number, client: clientName }),
          ...(comment ? [t(`portal_home:email.${field}`, { text: comment })] : []),
        ],
        action: { label: t('portal_home:email.open_estimate'), url: link },
      }),
      { clientId: estimate.client_id, subjectType: 'estimate', subjectId: estimate.id },
      opts.publicUrl,
    );
  };
  const result = await respondToEstimate(db, actor, id, response, { comment: comment || null, allowExpired: false, onResponded: notify });
  if (result.ok) return { ok: true };
  switch (result.error) {
    case 'NotFound':
      return { ok: false, error: 'NotFound' };
    case 'EstimateExpired':
      return { ok: false, error: 'Expired' };
    case 'Invalid':
      return { ok: false, error: 'Invalid', field, key: 'validation:too_long' };
    default: {
      // Answered meanwhile (another click, another tab, staff): say how it stands now.
      const now = await getDocument(db, 'estimate', id, { clientId: portal.client.id });
      const status = now?.doc.status === 'accepted' || now?.doc.status === 'converted' ? 'accepted' : now?.doc.status === 'rejected' ? 'rejected' : 'other';
      return { ok: false, error: 'AlreadyAnswered', status };
    }
  }
}

/** The company details of a client as the portal form shows them. */
export function companyValues(client: Client): Raw<CompanyField> {
  return Object.fromEntries(COMPANY_FIELDS.map((f) => [f, client[f] ?? ''])) as Raw<CompanyField>;
}

/**
 * A member edits the active client's billing address, VAT number and phone. Only those fields
 * are taken from `raw`; the client's own validation applies; finalized documents keep their
 * snapshot (future documents use the new details). A change records an event and notifies staff.
 */
export async function updateCompanyInfo(
  db: Db,
  portal: PortalView,
  actor: Actor,
  raw: Raw<CompanyField>,
): Promise<{ ok: true; changed: boolean } | { ok: false; error: 'Invalid'; errors: Errors<CompanyField> } | { ok: false; error: 'NotFound' }> {
  const patch: Raw<CompanyField> = {};
  for (const f of COMPANY_FIELDS) if (raw[f] !== undefined) patch[f] = raw[f];
  let changed = false;
  const result = await updateClient(db, actor, portal.client.id, patch, {
    onChanged: async (trx, client, fields) => {
      changed = true;
      await notifyStaff(trx, {
        kind: 'company_updated',
        clientId: client.id,
        data: { name: actor.name, clientName: client.name, fields: fields.join(',') },
        link: `/clients/${client.id}`,
      });
    },
  });
  if (result.ok) return { ok: true, changed };
  if (result.error === 'NotFound') return { ok: false, error: 'NotFound' };
  const errors: Errors<CompanyField> = {};
  for (const f of COMPANY_FIELDS) {
    const e = result.errors[f];
    if (e) errors[f] = e;
  }
  // A problem outside the member's fields (a stored value the rules now refuse) is shown on the form as a whole.
  if (Object.keys(errors).length === 0) return { ok: false, error: 'Invalid', errors: { address_line1: 'validation:invalid' } };
  return { ok: false, error: 'Invalid', errors };
}
