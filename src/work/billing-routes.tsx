import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FlashMessage } from '../../views/components/flash.js';
import { BillingPage, defaultBillingValues, type BillingFormValues } from '../../views/work/billing.js';
import { parseId } from '../clients/params.js';
import { staffActor } from '../events/service.js';
import type { AppEnv } from '../web/env.js';
import { formString, formStrings, type FormBody } from '../web/forms.js';
import { page, seeOther } from '../web/html.js';
import { addWorkToInvoice, loadBillingPage, releaseDraftWork, type BillingChoice } from './billing.js';

type C = Context<AppEnv>;

const FLASHES: Record<string, string> = { work_released: 'work:flash.work_released' };

/** The chosen ids of a repeated checkbox field; anything that is not an id is dropped. */
function ids(body: FormBody, name: string): number[] {
  return [...new Set(formStrings(body, name).map((v) => parseId(v.trim())).filter((v): v is number => v !== null))].slice(0, 2000);
}

/** Reads the billing form: chosen entries, a typed rate per project (rate_<id>), the two tax rates. */
function readBillingForm(body: FormBody): { choice: BillingChoice; values: BillingFormValues } {
  const rates: Record<number, string> = {};
  for (const key of Object.keys(body)) {
    const m = /^rate_([1-9]\d{0,14})$/.exec(key);
    if (m) rates[Number(m[1])] = formString(body, key);
  }
  const choice: BillingChoice = {
    timeIds: ids(body, 'time'),
    expenseIds: ids(body, 'expense'),
    rates,
    timeTaxRate: formString(body, 'time_tax_rate'),
    expenseTaxRate: formString(body, 'expense_tax_rate'),
  };
  return { choice, values: { time: new Set(choice.timeIds), expenses: new Set(choice.expenseIds), rates, timeTaxRate: choice.timeTaxRate, expenseTaxRate: choice.expenseTaxRate } };
}

/** Renders the billing page of an invoice: as first shown, or with what was typed and why it was refused. */
async function showBilling(c: C, invoiceId: number, opts: { values?: BillingFormValues; errors?: Record<string, string>; message?: string | null; status?: ContentfulStatusCode; flash?: FlashMessage | null } = {}) {
  const data = await loadBillingPage(c.var.db, invoiceId);
  if (!data) return c.notFound();
  const done = c.req.query('done');
  const flash = opts.flash ?? (done && Object.hasOwn(FLASHES, done) ? { kind: 'success' as const, key: FLASHES[done]! } : null);
  const values = opts.values ?? defaultBillingValues(data);
  return page(c, <BillingPage ui={c.var.ui} staff={c.var.staff} data={data} values={values} errors={opts.errors} message={opts.message ?? null} flash={flash} />, opts.status ?? 200);
}

/** "Add unbilled time and expenses to an invoice", from a draft invoice's page. */
export const billingRoutes = new Hono<AppEnv>()
  .get('/invoices/:id{[0-9]+}/work', (c) => showBilling(c, parseId(c.req.param('id')) ?? 0))
  .post('/invoices/:id{[0-9]+}/work', async (c) => {
    const invoiceId = parseId(c.req.param('id')) ?? 0;
    const { choice, values } = readBillingForm(await c.req.parseBody({ all: true }));
    const result = await addWorkToInvoice(c.var.db, staffActor(c.var.staff), invoiceId, choice);
    if (result.ok) return seeOther(c, `/invoices/${invoiceId}?done=saved`);
    if (result.error === 'NotFound') return c.notFound();
    if (result.error === 'Invalid') return showBilling(c, invoiceId, { values, errors: result.errors, message: result.errors.time ?? null, status: 422 });
    return showBilling(c, invoiceId, { values, message: `work:errors.${result.error}`, status: result.error === 'NotDraft' ? 409 : 422 });
  })
  .post('/invoices/:id{[0-9]+}/work/release', async (c) => {
    const invoiceId = parseId(c.req.param('id')) ?? 0;
    const result = await releaseDraftWork(c.var.db, staffActor(c.var.staff), invoiceId);
    if (result.ok) return seeOther(c, `/invoices/${invoiceId}/work?done=work_released`);
    if (result.error === 'NotFound') return c.notFound();
    return showBilling(c, invoiceId, { flash: { kind: 'error', key: 'work:errors.NotDraft' }, status: 409 });
  });
