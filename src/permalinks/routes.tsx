import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { PermalinkDocumentPage, PermalinkGonePage, PermalinkPaidPage, PermalinkStatementPage, type LinkPayOption } from '../../views/permalinks/permalink-page.js';
import type { PortalDocumentData } from '../../views/portal/document.js';
import { portalCookieName, validatePortalSession } from '../auth/portal-session.js';
import { pdfFirm, portalBrand, publicBrand, type PublicBrand } from '../brand/service.js';
import { countryName } from '../clients/country.js';
import { periodText } from '../document-mail/content.js';
import { isLanguage } from '../i18n/index.js';
import { documentTotals } from '../money/money.js';
import { checkoutPreview, checkoutStatus, startCheckout, type CheckoutError } from '../payments-online/checkout.js';
import { renderDocumentPdf } from '../pdf/document.js';
import { documentPdfFilename, download } from '../pdf/response.js';
import { renderStatementPdf } from '../pdf/statement.js';
import { portalStatus } from '../portal/lists.js';
import { log } from '../util/log.js';
import { today } from '../util/time.js';
import type { AppEnv } from '../web/env.js';
import { page, seeOther } from '../web/html.js';
import { uiFor, type Ui } from '../web/ui.js';
import { permalinkPath } from './rules.js';
import { loadLinked, memberPortalPath, openPermalink, recordLinkView, type LinkedDocument, type LinkedStatement } from './service.js';

type C = Context<AppEnv>;
type Linked = LinkedDocument | LinkedStatement;

// A page behind a secret link: never cached, never indexed, the link never sent on as a Referer.
function privateHeaders(c: C): void {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Robots-Tag', 'noindex, nofollow');
}

/** The reader's language: `?lang=` when given, else the client's (the email was written in it). */
function uiOf(c: C, linked: Linked | null): Ui {
  const asked = c.req.query('lang');
  if (isLanguage(asked)) return uiFor(asked);
  return linked ? uiFor(linked.client.language) : c.var.ui;
}

/** The brand of the linked client's portal (its own logo when it has one), for the pages behind its link. */
async function brandOf(c: C, linked: Linked): Promise<PublicBrand> {
  return { firmName: linked.firmName, ...(await portalBrand(c.var.db, linked.client.id)) };
}

/** The "unknown link" (404) or "no longer available" (410) page, under the firm's own brand (no client is known). */
async function refused(c: C, gone: boolean): Promise<Response> {
  privateHeaders(c);
  const path = c.req.path.replace(/\/(pdf|pay|paid)$/, '');
  return page(c, <PermalinkGonePage ui={uiOf(c, null)} brand={await publicBrand(c.var.db, null)} path={path} gone={gone} />, gone ? 410 : 404);
}

/** The link behind the request's token with what it shows, or the refusal page. */
async function resolve(c: C): Promise<{ linked: Linked; path: string } | Response> {
  const token = c.req.param('token');
  const opened = await openPermalink(c.var.db, token);
  if (!opened.ok) return refused(c, opened.error === 'Gone');
  const linked = await loadLinked(c.var.db, opened.link);
  if (linked === 'Gone') return refused(c, true);
  return { linked, path: permalinkPath(token ?? '') };
}

/**
 * A recipient who is a portal member of the client goes to the portal page instead (signed in:
 * straight there; otherwise through sign-in, which brings them back to it). Null: show the link.
 */
async function memberRedirect(c: C, linked: Linked): Promise<Response | null> {
  const portalPath = await memberPortalPath(c.var.db, linked);
  if (!portalPath) return null;
  const cookie = getCookie(c, portalCookieName(c.var.config.secureCookies));
  const session = cookie ? await validatePortalSession(c.var.db, cookie) : null;
  if (session?.user && session.user.email === linked.link.email) return seeOther(c, portalPath);
  return seeOther(c, `/portal/login?next=${encodeURIComponent(portalPath)}`);
}

/** Records the view; failing to record must not keep the recipient from the document. */
async function noteView(c: C, linked: Linked, via: 'page' | 'pdf'): Promise<void> {
  try {
    await recordLinkView(c.var.db, linked, via);
  } catch (err) {
    log.error('recording a link view failed', { link: linked.link.id, error: err instanceof Error ? err.message : String(err) });
  }
}

/** The document as the portal page shows it, without anything that would need a membership (no links to other records). */
function portalData(linked: LinkedDocument): PortalDocumentData {
  const { detail } = linked;
  const { doc } = detail;
  const shown = portalStatus(doc.kind, doc, detail.balance, today());
  return {
    kind: doc.kind,
    doc,
    lines: detail.lines,
    snapshot: detail.snapshot,
    status: shown.status,
    overdue: shown.overdue,
    taxBreakdown: documentTotals(detail.lines.map((l) => ({ quantity: l.quantity, unitPrice: l.unit_price, taxRate: l.tax_rate }))).taxBreakdown,
    amountPaid: detail.amountPaid,
    balance: detail.balance,
    remaining: detail.remaining,
    projectName: null,
    relatedInvoice: null,
    payments: null,
    credits: null,
    applications: null,
    show: { balances: linked.balances, invoiceLinks: false, paymentLinks: false, creditNoteLinks: false },
  };
}

/** How the linked invoice can be paid, or null (not an invoice, nothing owed, no way to pay). Computed on the server only. */
async function payOption(c: C, linked: LinkedDocument): Promise<LinkPayOption | null> {
  const { doc, balance } = linked.detail;
  if (doc.kind !== 'invoice' || doc.status !== 'issued' || balance <= 0) return null;
  const preview = await checkoutPreview({ db: c.var.db, config: c.var.config }, doc.client_id, { kind: 'invoice', invoiceId: doc.id });
  if ('error' in preview) return null;
  if (!preview.card && !preview.bank) return null;
  return { amount: preview.amount, currency: preview.currency, card: preview.card ? { testMode: preview.card.testMode } : null, bank: preview.bank };
}

const PAY_NOTICES: Record<string, { kind: 'error' | 'info'; key: string }> = {
  nothing: { kind: 'info', key: 'permalinks:pay.nothing_to_pay' },
  unavailable: { kind: 'error', key: 'permalinks:pay.unavailable' },
  error: { kind: 'error', key: 'permalinks:pay.error' },
  cancelled: { kind: 'info', key: 'permalinks:pay.cancelled' },
};

function payNoticeOf(error: CheckoutError): string {
  if (error === 'NothingToPay' || error === 'UnknownInvoice') return 'nothing';
  return error === 'NoGateway' ? 'unavailable' : 'error';
}

/**
 * Public pages of emailed links: /d/:token (the document or statement), /d/:token/pdf, and for an
 * invoice that owes, POST /d/:token/pay (that invoice only, its balance computed here) and the
 * return page /d/:token/paid. Any other token (invitation, reset, open pixel…) is unknown here: 404.
 */
export const permalinkRoutes = new Hono<AppEnv>()
  .get('/d/:token', async (c) => {
    const found = await resolve(c);
    if (found instanceof Response) return found;
    const { linked, path } = found;
    const toPortal = await memberRedirect(c, linked);
    if (toPortal) return toPortal;
    privateHeaders(c);
    const ui = uiOf(c, linked);
    await noteView(c, linked, 'page');
    if (linked.kind === 'statement') {
      const { statement, client } = linked;
      const period = periodText(ui, statement.from, statement.to);
      return page(c, <PermalinkStatementPage ui={ui} brand={await brandOf(c, linked)} path={path} clientName={client.name} period={period} statement={statement} currency={client.currency} />);
    }
    const notice = PAY_NOTICES[c.req.query('pay') ?? ''] ?? null;
    return page(c, <PermalinkDocumentPage ui={ui} brand={await brandOf(c, linked)} path={path} data={portalData(linked)} pay={await payOption(c, linked)} flash={notice} />);
  })
  .get('/d/:token/pdf', async (c) => {
    const found = await resolve(c);
    if (found instanceof Response) return found;
    const { linked } = found;
    const toPortal = await memberRedirect(c, linked);
    if (toPortal) return toPortal;
    const ui = uiOf(c, linked);
    privateHeaders(c);
    if (linked.kind === 'statement') {
      const { client, statement } = linked;
      const cityLine = [client.postcode, client.city].filter((x) => x).join(' ');
      const clientLines = [
        client.vat_number ? ui.t('pdf:vat_number', { vat: client.vat_number }) : '',
        [client.address_line1, client.address_line2, cityLine, countryName(client.country, ui.lang)].filter((x) => x).join(', '),
      ];
      const day = today();
      const bytes = await renderStatementPdf({ statement, currency: client.currency, clientName: client.name, clientLines, periodLabel: periodText(ui, statement.from, statement.to), today: day }, ui, await pdfFirm(c.var.db, c.var.config.dataDir, linked.firmName, ui.t));
      await noteView(c, linked, 'pdf');
      return download(c, bytes, 'application/pdf', `statement-${statement.from ?? 'start'}-${statement.to ?? day}.pdf`);
    }
    // The same firm block (logo, contact lines) as the portal's PDF of this document.
    const bytes = await renderDocumentPdf(linked.detail, ui, await pdfFirm(c.var.db, c.var.config.dataDir, linked.firmName, ui.t), { balances: linked.balances });
    await noteView(c, linked, 'pdf');
    return download(c, bytes, 'application/pdf', documentPdfFilename(linked.detail.doc));
  })
  .post('/d/:token/pay', async (c) => {
    const found = await resolve(c);
    if (found instanceof Response) return found;
    const { linked, path } = found;
    const toPortal = await memberRedirect(c, linked);
    if (toPortal) return toPortal;
    if (linked.kind !== 'document' || linked.detail.doc.kind !== 'invoice') return refused(c, false);
    const doc = linked.detail.doc;
    // Only the invoice this link is bound to; amount, invoices and currency are computed by the checkout.
    const result = await startCheckout(
      { db: c.var.db, config: c.var.config },
      {
        clientId: doc.client_id,
        scope: { kind: 'invoice', invoiceId: doc.id },
        payer: { kind: 'permalink', permalinkId: linked.link.id, name: null, email: linked.link.email, language: uiOf(c, linked).lang },
        returnPath: `${path}/paid`,
        cancelPath: `${path}?pay=cancelled`,
      },
    );
    if (!result.ok) return seeOther(c, `${path}?pay=${payNoticeOf(result.error)}`);
    return seeOther(c, result.redirectUrl);
  })
  .get('/d/:token/paid', async (c) => {
    const found = await resolve(c);
    if (found instanceof Response) return found;
    const { linked, path } = found;
    const status = await checkoutStatus(c.var.db, c.req.query('checkout') ?? '', linked.client.id);
    // Only a checkout opened through this very link is reported here.
    const mine = status && linked.kind === 'document' && status.invoices.some((i) => i.id === linked.detail.doc.id);
    if (!status || !mine) return refused(c, false);
    privateHeaders(c);
    return page(c, <PermalinkPaidPage ui={uiOf(c, linked)} brand={await brandOf(c, linked)} path={path} status={status.status} amount={status.amount} currency={status.currency} testMode={status.testMode} />);
  })
  // Nothing else lives under a link: another document's id (or anything) next to a token is unknown.
  .all('/d/*', (c) => refused(c, false));
