import { Hono, type Context } from 'hono';
import { EstimateAnswerPage, type EstimateResponseState } from '../../views/portal/estimate-response.js';
import { getDocument } from '../documents/service.js';
import { mayAct, mayView } from '../portal-access/visibility.js';
import { log } from '../util/log.js';
import { today } from '../util/time.js';
import type { AppEnv } from '../web/env.js';
import { formString } from '../web/forms.js';
import { page, seeOther } from '../web/html.js';
import { portalStatus } from './dashboard.js';
import { answerEstimate, portalActor } from './home-service.js';

function parseId(raw: string): number | null {
  return /^\d{1,15}$/.test(raw) && Number(raw) > 0 ? Number(raw) : null;
}

const ALREADY = { accepted: 'portal_home:estimate.already_accepted', rejected: 'portal_home:estimate.already_rejected', other: 'portal_home:estimate.not_open' } as const;

// One handler for both answers: the form field is `comment` (accept) or `reason` (reject).
async function answer(c: Context<AppEnv>, response: 'accepted' | 'rejected') {
  const p = c.var.portal;
  const { t } = c.var.ui;
  const id = parseId(c.req.param('id') ?? '');
  if (id === null || !mayView(p.access, p.settings, 'estimates')) return c.notFound();
  const actor = portalActor(p);
  if (!actor) return c.text(t('portal:preview.read_only'), 403);
  if (!mayAct(p.access, p.settings, 'approve_estimates')) return c.text(t('portal_home:errors.no_permission'), 403);
  const field = response === 'accepted' ? 'comment' : 'reason';
  const text = formString(await c.req.parseBody(), field);
  const result = await answerEstimate(c.var.db, p, actor, id, response, text, { publicUrl: c.var.config.publicUrl });
  if (result.ok) return seeOther(c, `${p.base}/estimates/${id}?done=${response}`);
  if (result.error === 'NotFound') {
    // Another client's id, a draft or a missing one: the same 404, and a trace for staff (SECURITY row 2).
    log.warn('portal estimate answer refused: not found', { clientId: p.client.id, estimateId: id });
    return c.notFound();
  }
  const state: EstimateResponseState =
    result.error === 'Invalid' ? { [field]: text, errors: { [field]: result.key } }
      : { message: result.error === 'Expired' ? 'portal_home:estimate.expired' : ALREADY[result.status] };
  return refused(c, id, state, result.error === 'Invalid' ? 422 : 409);
}

async function refused(c: Context<AppEnv>, id: number, state: EstimateResponseState, status: 409 | 422) {
  const p = c.var.portal;
  const detail = await getDocument(c.var.db, 'estimate', id, { clientId: p.client.id });
  if (!detail) return c.notFound();
  const shown = portalStatus('estimate', { ...detail.doc, balance: 0 }, today()).status;
  const estimate = { id, number: detail.doc.number ?? `#${id}`, status: shown };
  return page(c, <EstimateAnswerPage ui={c.var.ui} portal={p} estimate={estimate} state={state} />, status);
}

/** POST <base>/estimates/:id/accept (`comment`) and /reject (`reason`); chained onto portalPages. */
export const portalEstimateActions = new Hono<AppEnv>()
  .post('/estimates/:id/accept', (c) => answer(c, 'accepted'))
  .post('/estimates/:id/reject', (c) => answer(c, 'rejected'));
