import { Hono } from 'hono';
import { ErrorPage } from '../../views/errors/error-page.js';
import { rememberLanguage, withoutLangParam } from '../brand/language.js';
import type { AppEnv } from '../web/env.js';
import { formString } from '../web/forms.js';
import { page, seeOther } from '../web/html.js';
import { safeNextPath } from '../web/middleware.js';
import { chooseStaffLanguage } from './service.js';

/**
 * The staff language switcher's POST (behind requireStaff): stores the choice on the staff member,
 * remembers it in this browser's cookie too, and returns to `back` (same-site paths only).
 */
export const staffLanguageRoutes = new Hono<AppEnv>().post('/me/language', async (c) => {
  const body = await c.req.parseBody();
  const result = await chooseStaffLanguage(c.var.db, c.var.staff.id, formString(body, 'language'));
  if (!result.ok) {
    const { t } = c.var.ui;
    return page(c, <ErrorPage ui={c.var.ui} title={t('brand:language.invalid_title')} message={t('brand:language.invalid')} />, 422);
  }
  rememberLanguage(c, result.language);
  return seeOther(c, withoutLangParam(safeNextPath(formString(body, 'back'))));
});
