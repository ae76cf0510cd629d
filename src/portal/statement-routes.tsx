import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { PortalStatementPage, PortalStatementSection, type PortalStatementProps } from '../../views/portal/statement.js';
import { periodLabel } from '../../views/statement/period-fields.js';
import { countryName } from '../clients/country.js';
import { renderStatementXlsx } from '../export/xlsx.js';
import type { Statement } from '../ledger/ledger.js';
import { clientStatement } from '../ledger/queries.js';
import { periodErrorKeys } from '../payments/form.js';
import { resolvePeriod, type ResolvedPeriod } from '../payments/period.js';
import { download, XLSX_TYPE } from '../pdf/response.js';
import { renderStatementPdf } from '../pdf/statement.js';
import { mayView } from '../portal-access/visibility.js';
import { today } from '../util/time.js';
import type { AppEnv } from '../web/env.js';
import { fragment, isHtmx, page } from '../web/html.js';
import { pdfFirm } from '../brand/service.js';

type C = Context<AppEnv>;
const FORMATS = ['', 'html', 'xlsx', 'pdf'] as const;
type Format = (typeof FORMATS)[number];

function isFormat(s: string): s is Format {
  return (FORMATS as readonly string[]).includes(s);
}

/** The query string that shows a resolved period again (named period, or custom dates). */
export function periodQuery(p: ResolvedPeriod): string {
  const q = new URLSearchParams({ period: p.period });
  if (p.period === 'custom') {
    if (p.from) q.set('from', p.from);
    if (p.to) q.set('to', p.to);
  }
  return q.toString();
}

/** The name a statement download is saved under: statement-2026-01-01-2026-12-31.xlsx. */
export function statementFilename(from: string | null, to: string | null, todayDate: string, ext: 'xlsx' | 'pdf'): string {
  return `statement-${from ?? 'start'}-${to ?? todayDate}.${ext}`;
}

function render(c: C, props: PortalStatementProps, status: ContentfulStatusCode) {
  return isHtmx(c) ? fragment(c, <PortalStatementSection {...props} />, status) : page(c, <PortalStatementPage {...props} />, status);
}

async function exportStatement(c: C, statement: Statement, format: 'xlsx' | 'pdf', day: string): Promise<Response> {
  const { ui } = c.var;
  const portal = c.var.portal;
  const client = portal.client;
  const label = periodLabel(ui, statement.from, statement.to);
  const filename = statementFilename(statement.from, statement.to, day, format);
  if (format === 'xlsx') {
    const bytes = await renderStatementXlsx({ firmName: portal.firmName, clientName: client.name, currency: client.currency, periodLabel: label, statement }, ui);
    return download(c, bytes, XLSX_TYPE, filename);
  }
  const cityLine = [client.postcode, client.city].filter((x) => x).join(' ');
  const clientLines = [
    client.vat_number ? ui.t('pdf:vat_number', { vat: client.vat_number }) : '',
    [client.address_line1, client.address_line2, cityLine, countryName(client.country, ui.lang)].filter((x) => x).join(', '),
  ];
  const bytes = await renderStatementPdf({ statement, currency: client.currency, clientName: client.name, clientLines, periodLabel: label, today: day }, ui, await pdfFirm(c.var.db, c.var.config.dataDir, portal.firmName, ui.t));
  return download(c, bytes, 'application/pdf', filename);
}

/**
 * <base>/statement?period=&from=&to=&format=: the active client's statement of account (when
 * the statement is visible to this member; else 404), as a page, an htmx fragment, an XLSX or a
 * PDF. A period that cannot be read answers 400 with the form and its errors.
 */
export const portalStatementRoutes = new Hono<AppEnv>().get('/statement', async (c) => {
  const portal = c.var.portal;
  if (!mayView(portal.access, portal.settings, 'statement')) return c.notFound();
  const query = c.req.query();
  const day = today();
  const period = resolvePeriod(query, day, 'this_year');
  const format = query.format ?? '';
  const props: PortalStatementProps = {
    ui: c.var.ui,
    portal,
    values: { period: period.value.period, from: period.value.from ?? '', to: period.value.to ?? '' },
    errors: period.ok ? {} : periodErrorKeys(period.errors),
    statement: null,
    links: {
      invoices: mayView(portal.access, portal.settings, 'invoices'),
      creditNotes: mayView(portal.access, portal.settings, 'credit_notes'),
      payments: mayView(portal.access, portal.settings, 'payments'),
    },
    query: periodQuery(period.value),
  };
  if (!isFormat(format)) return render(c, { ...props, message: 'portal_statement:errors.format' }, 400);
  if (!period.ok) return render(c, { ...props, message: 'portal_statement:errors.bad_period' }, 400);
  const statement = await clientStatement(c.var.db, portal.client.id, period.value.from, period.value.to);
  if (format === 'xlsx' || format === 'pdf') return exportStatement(c, statement, format, day);
  return render(c, { ...props, statement }, 200);
});
