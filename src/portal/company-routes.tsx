import { Hono, type Context } from 'hono';
import { CompanyPage } from '../../views/portal/company.js';
import { formFields } from '../clients/form-input.js';
import { mayAct } from '../portal-access/visibility.js';
import type { AppEnv } from '../web/env.js';
import { page, seeOther } from '../web/html.js';
import type { PortalView } from './context.js';
import { COMPANY_FIELDS, companyValues, portalActor, updateCompanyInfo } from './home-service.js';

function forbidden(c: Context<AppEnv>, p: PortalView): Response | null {
  return mayAct(p.access, p.settings, 'edit_company') ? null : c.text(c.var.ui.t('portal_home:errors.no_permission'), 403);
}

/** GET/POST <base>/settings/company: the active client's company details (members allowed to edit them). */
export const portalCompanyRoutes = new Hono<AppEnv>()
  .get('/settings/company', (c) => {
    const p = c.var.portal;
    const refused = forbidden(c, p);
    if (refused) return refused;
    const flash = c.req.query('saved') === '1' ? { kind: 'success' as const, key: 'portal_home:company.saved' } : null;
    return page(c, <CompanyPage ui={c.var.ui} portal={p} values={companyValues(p.client)} flash={flash} />);
  })
  .post('/settings/company', async (c) => {
    const p = c.var.portal;
    const refused = forbidden(c, p);
    if (refused) return refused;
    const actor = portalActor(p);
    if (!actor) return c.text(c.var.ui.t('portal:preview.read_only'), 403);
    const raw = formFields(await c.req.parseBody(), COMPANY_FIELDS);
    const result = await updateCompanyInfo(c.var.db, p, actor, raw);
    if (result.ok) return seeOther(c, `${p.base}/settings/company?saved=1`);
    if (result.error === 'NotFound') return c.notFound();
    return page(c, <CompanyPage ui={c.var.ui} portal={p} values={{ ...companyValues(p.client), ...raw }} errors={result.errors} />, 422);
  });
