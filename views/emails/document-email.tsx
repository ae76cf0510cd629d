import type { DocumentEmailData } from '../../src/document-mail/content.js';
import { periodText } from '../../src/document-mail/content.js';
import type { EmailTemplate } from '../../src/mail/template-types.js';
import type { Ui } from '../../src/web/ui.js';
import { EmailButton, P, textParagraphs } from './layout.js';

export type { DocumentEmailData } from '../../src/document-mail/content.js';

/** The message as paragraphs (blank lines) of lines. */
function paragraphs(message: string): string[][] {
  return message
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').map((l) => l.trimEnd()))
    .filter((lines) => lines.some((l) => l.trim() !== ''));
}

/** The facts under the message: number, total, amount due, due date (or validity, or period and balance). */
function facts(ui: Ui, d: DocumentEmailData): Array<[string, string]> {
  const t = ui.t;
  const out: Array<[string, string]> = [];
  if (d.kind === 'statement') {
    out.push([t('document_mail:email.facts.period'), periodText(ui, d.periodFrom, d.periodTo)]);
    if (d.closingBalance !== null) out.push([t('document_mail:email.facts.closing_balance'), ui.money(d.closingBalance, d.currency)]);
    return out;
  }
  if (d.number) out.push([t(`document_mail:email.facts.number_${d.kind}`), d.number]);
  if (d.total !== null) out.push([t('document_mail:email.facts.total'), ui.money(d.total, d.currency)]);
  if (d.amountDue !== null && d.amountDue !== d.total) out.push([t('document_mail:email.facts.amount_due'), ui.money(d.amountDue, d.currency)]);
  if (d.dueDate) out.push([t('document_mail:email.facts.due_date'), ui.date(d.dueDate)]);
  if (d.validUntil) out.push([t('document_mail:email.facts.valid_until'), ui.date(d.validUntil)]);
  return out;
}

/** A document (invoice, estimate, credit note) or a statement emailed by staff or sent automatically, with its permalink. */
export const documentEmail: EmailTemplate<DocumentEmailData> = {
  // The firm's name first, as on every email of Stoa; the rest is the subject staff chose.
  subject: (t, d, env) => t('document_mail:email.subject', { firm: env.firmName, subject: d.subject }),
  html: (ui, d) => {
    const t = ui.t;
    const rows = facts(ui, d);
    return (
      <>
        {paragraphs(d.message).map((lines) => (
          <P>{lines.map((line, i) => (i === 0 ? line : <><br />{line}</>))}</P>
        ))}
        {rows.length > 0 ? (
          <table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 4px;border-collapse:collapse;">
            {rows.map(([label, value]) => (
              <tr>
                <td style="padding:3px 16px 3px 0;color:#52525b;">{label}</td>
                <td style="padding:3px 0;font-weight:bold;">{value}</td>
              </tr>
            ))}
          </table>
        ) : null}
        <EmailButton ui={ui} href={d.link} label={t(`document_mail:email.view.${d.kind}`)} />
        {d.pixel ? <img src={d.pixel} width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0;" /> : null}
      </>
    );
  },
  text: (ui, d) =>
    textParagraphs(
      ...paragraphs(d.message).map((lines) => lines.join('\n')),
      facts(ui, d).map(([label, value]) => `${label}: ${value}`).join('\n'),
      `${ui.t(`document_mail:email.view.${d.kind}`)}: ${d.link}`,
    ),
};
