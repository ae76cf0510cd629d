import type { Child } from 'hono/jsx';
import type { PublicBrand } from '../../src/brand/service.js';
import type { BankInstructions } from '../../src/gateways/gateway.js';
import type { Statement } from '../../src/ledger/ledger.js';
import type { Minor } from '../../src/money/money.js';
import type { Ui } from '../../src/web/ui.js';
import { BrandFooter } from '../components/brand-footer.js';
import { BrandMark } from '../components/brand-settings.js';
import { Flash, type FlashMessage } from '../components/flash.js';
import { DateText, Money } from '../components/money.js';
import { Base } from '../layouts/base.js';
import { BillTo, LinesTable, portalDocumentTitle, Totals, type PortalDocumentData } from '../portal/document.js';
import { PortalStatusBadge } from '../portal/lists/status-badge.js';
import { PortalStatementTable } from '../portal/statement.js';

/**
 * The frame of a permalink page: the brand as the client's portal shows it (logo, name, accent,
 * contact footer), a language link, the page; no portal menu (the reader is not a member).
 */
export function PermalinkFrame(props: { ui: Ui; brand: PublicBrand; title: string; path: string; flash?: FlashMessage | null; children: Child }) {
  const { ui, brand } = props;
  const { t } = ui;
  const other = ui.lang === 'el' ? 'en' : 'el';
  return (
    <Base ui={ui} title={props.title} bodyClass="portal permalink" brandCss={brand.cssHref}>
      <header class="topbar portal-bar">
        <BrandMark firmName={brand.firmName} logo={brand.logo} />
        <a class="permalink-lang" href={`${props.path}?lang=${other}`} hreflang={other} lang={other}>{other === 'el' ? 'Ελληνικά' : 'English'}</a>
      </header>
      <main id="main" class="permalink-main">
        {props.flash ? <Flash ui={ui} message={props.flash} /> : null}
        {props.children}
        <p class="hint no-print">{t('permalinks:page.private_link')}</p>
      </main>
      <BrandFooter ui={ui} firmName={brand.firmName} contact={brand.contact} />
    </Base>
  );
}

/** How the invoice behind a link can be paid: its balance, the card gateway (if any), bank transfer details (if given). */
export interface LinkPayOption {
  amount: Minor;
  currency: string;
  card: { testMode: boolean } | null;
  bank: BankInstructions | null;
}

function PaySection(props: { ui: Ui; action: string; pay: LinkPayOption }) {
  const { ui, pay } = props;
  const { t } = ui;
  const amount = ui.money(pay.amount, pay.currency);
  return (
    <section class="permalink-pay no-print" aria-labelledby="pay-h">
      <h2 id="pay-h">{t('permalinks:pay.title')}</h2>
      {pay.card ? (
        <form method="post" action={props.action} class="doc-inline-form">
          {pay.card.testMode ? <p><span class="badge badge-test-mode">{t('permalinks:pay.test_mode')}</span> {t('permalinks:pay.test_mode_hint')}</p> : null}
          <button type="submit" class="primary">{t('permalinks:pay.button', { amount })}</button>
        </form>
      ) : null}
      {pay.bank ? (
        <>
          <h3>{t('permalinks:pay.bank_title')}</h3>
          <dl class="details">
            <dt>{t('permalinks:pay.beneficiary')}</dt><dd>{pay.bank.beneficiary}</dd>
            <dt>{t('permalinks:pay.iban')}</dt><dd>{pay.bank.iban}</dd>
            {pay.bank.bic ? <><dt>{t('permalinks:pay.bic')}</dt><dd>{pay.bank.bic}</dd></> : null}
            {pay.bank.bankName ? <><dt>{t('permalinks:pay.bank_name')}</dt><dd>{pay.bank.bankName}</dd></> : null}
            <dt>{t('permalinks:pay.reference')}</dt><dd><strong>{pay.bank.reference}</strong></dd>
            <dt>{t('permalinks:pay.amount')}</dt><dd><Money ui={ui} minor={pay.bank.amount} currency={pay.bank.currency} /></dd>
          </dl>
          <p class="hint">{t('permalinks:pay.bank_hint')}</p>
        </>
      ) : null}
      {!pay.card && !pay.bank ? <p>{t('permalinks:pay.offline', { amount })}</p> : null}
    </section>
  );
}

/** One document as its emailed link shows it: the same document the portal shows, with Download PDF and (invoices that owe) Pay. */
export function PermalinkDocumentPage(props: { ui: Ui; brand: PublicBrand; path: string; data: PortalDocumentData; pay: LinkPayOption | null; flash?: FlashMessage | null }) {
  const { ui, data } = props;
  const { t } = ui;
  const { doc, kind } = data;
  const title = portalDocumentTitle(ui, kind, doc.number);
  return (
    <PermalinkFrame ui={ui} brand={props.brand} title={title} path={props.path} flash={props.flash}>
      <div class="document-head no-print">
        <h1>{title} <PortalStatusBadge ui={ui} status={data.status} overdue={data.overdue} /></h1>
        <p class="actions">
          <a class="button" href={`${props.path}/pdf`} download>{t('permalinks:page.download_pdf')}</a>
        </p>
      </div>
      <article class="document portal-document" aria-label={title}>
        <div class="document-head">
          <div class="issuer">
            <p class="issuer-name"><strong>{props.brand.firmName}</strong></p>
            <p class="document-kind">{title}</p>
            {data.snapshot ? <BillTo ui={ui} who={data.snapshot} /> : null}
          </div>
          <dl class="details">
            <dt>{t('portal_docs:columns.number')}</dt>
            <dd>{doc.number ?? '—'}</dd>
            <dt>{t('portal_docs:columns.issue_date')}</dt>
            <dd><DateText ui={ui} date={doc.issue_date} /></dd>
            {kind === 'invoice' ? <><dt>{t('portal_docs:columns.due_date')}</dt><dd><DateText ui={ui} date={doc.due_date} /></dd></> : null}
            {kind === 'estimate' ? <><dt>{t('portal_docs:columns.valid_until')}</dt><dd><DateText ui={ui} date={doc.valid_until} /></dd></> : null}
            <dt>{t('portal_docs:columns.status')}</dt>
            <dd><PortalStatusBadge ui={ui} status={data.status} overdue={data.overdue} /></dd>
          </dl>
        </div>
        <LinesTable ui={ui} data={data} />
        <Totals ui={ui} data={data} />
        {doc.notes ? <section class="notes"><h2>{t('portal_docs:document.notes')}</h2><p>{doc.notes}</p></section> : null}
      </article>
      {props.pay ? <PaySection ui={ui} action={`${props.path}/pay`} pay={props.pay} /> : null}
    </PermalinkFrame>
  );
}

/** A client's statement for a period as its emailed link shows it, with Download PDF. */
export function PermalinkStatementPage(props: { ui: Ui; brand: PublicBrand; path: string; clientName: string; period: string; statement: Statement; currency: string }) {
  const { ui } = props;
  const { t } = ui;
  const title = t('permalinks:statement.title', { client: props.clientName });
  const noLinks = { invoices: false, creditNotes: false, payments: false };
  return (
    <PermalinkFrame ui={ui} brand={props.brand} title={title} path={props.path}>
      <div class="document-head no-print">
        <h1>{title}</h1>
        <p>{props.period}</p>
        <p class="actions"><a class="button" href={`${props.path}/pdf`} download>{t('permalinks:page.download_pdf')}</a></p>
      </div>
      <PortalStatementTable ui={ui} base="" statement={props.statement} currency={props.currency} links={noLinks} />
    </PermalinkFrame>
  );
}

/** A link that does not open: unknown (404), or expired / withdrawn / its document voided (410). */
export function PermalinkGonePage(props: { ui: Ui; brand: PublicBrand; path: string; gone: boolean }) {
  const { ui } = props;
  const { t } = ui;
  const title = t(props.gone ? 'permalinks:gone.title' : 'permalinks:not_found.title');
  return (
    <PermalinkFrame ui={ui} brand={props.brand} title={title} path={props.path}>
      <h1>{title}</h1>
      <p>{t(props.gone ? 'permalinks:gone.text' : 'permalinks:not_found.text', { firm: props.brand.firmName })}</p>
    </PermalinkFrame>
  );
}

/** Back from the payment page: what the provider has told us so far (the webhook records the payment, not this page). */
export function PermalinkPaidPage(props: { ui: Ui; brand: PublicBrand; path: string; status: 'open' | 'paid' | 'failed' | 'expired'; amount: Minor; currency: string; testMode: boolean }) {
  const { ui } = props;
  const { t } = ui;
  const title = t(`permalinks:paid.title_${props.status}`);
  return (
    <PermalinkFrame ui={ui} brand={props.brand} title={title} path={props.path}>
      <h1>{title}</h1>
      {props.testMode ? <p><span class="badge badge-test-mode">{t('permalinks:pay.test_mode')}</span></p> : null}
      <p>{t(`permalinks:paid.text_${props.status}`, { amount: ui.money(props.amount, props.currency) })}</p>
      <p><a class="button" href={props.path}>{t('permalinks:paid.back')}</a></p>
    </PermalinkFrame>
  );
}
