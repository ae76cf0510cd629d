import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { api, apiError, notFound, pageParams, pageResult, readJson } from '../api/http.js';
import { apiFields } from '../clients/api-json.js';
import { parseId } from '../clients/params.js';
import type { PortalInvitation } from '../db/schema.js';
import { staffActor } from '../events/service.js';
import { translator } from '../i18n/index.js';
import type { AppEnv } from '../web/env.js';
import { invitationStatus } from './invitation-rules.js';
import { listInvitationsAfter } from './membership-queries.js';
import { getInvitation, invitePortalUser, revokeInvitation, type InviteFailure } from './service.js';

const en = translator('en');

/** An invitation as API JSON (API.md). The token is never part of it. */
export function invitationJson(i: PortalInvitation, now = new Date()) {
  return {
    id: String(i.id),
    client_id: String(i.client_id),
    contact_id: i.contact_id === null ? null : String(i.contact_id),
    email: i.email,
    method: i.method,
    role: i.role,
    language: i.language,
    status: invitationStatus(i, now),
    expires_at: i.expires_at,
    created_at: i.created_at,
    accepted_at: i.accepted_at,
    revoked_at: i.revoked_at,
  };
}

// Only these fields are read; anything else (status, token, client_id, permissions…) is ignored.
const invitationBody = z.object({
  contact_id: api.id,
  method: z.enum(['link', 'password', 'generated'], { error: 'must be link, password or generated' }),
  password: z.string({ error: 'must be a string' }).max(1024, 'must be at most 1024 characters').optional(),
  role: z.enum(['owner', 'accounts', 'viewer'], { error: 'must be owner, accounts or viewer' }).optional(),
  language: api.language.optional(),
});

function inviteFailure(c: Context, failure: InviteFailure): Response {
  switch (failure.error) {
    case 'NotFound':
      return notFound(c);
    case 'StaffEmailNotVerified':
      return apiError(c, 403, 'staff_email_not_verified', en('access:errors.unverified'));
    case 'DailyCapReached':
      return apiError(c, 429, 'daily_invitation_cap', en('access:errors.daily_cap', { cap: failure.cap }));
    case 'AlreadyMember':
      return apiError(c, 409, 'already_member', en('access:errors.already_member'));
    case 'NotInvited':
      return apiError(c, 409, 'not_invited', en('access:errors.not_invited'));
    case 'Invalid':
      return apiError(c, 422, 'validation_failed', 'Some fields are not valid', apiFields(failure.errors));
  }
}

/** JSON API v1 for portal invitations. */
export const portalAccessApi = new Hono<AppEnv>()
  .post('/clients/:id/portal-invitations', async (c) => {
    const clientId = parseId(c.req.param('id'));
    const client = clientId === null ? undefined : await c.var.db.selectFrom('clients').select('id').where('id', '=', clientId).executeTakeFirst();
    if (!client) return notFound(c);
    const body = await readJson(c, invitationBody);
    if (!body.ok) return body.response;
    const d = body.data;
    const result = await invitePortalUser(
      c.var.db,
      staffActor(c.var.apiUser, 'api'),
      { clientId: client.id, contactId: d.contact_id, method: d.method, password: d.password ?? null, role: d.role ?? 'accounts', language: d.language ?? null },
      { publicUrl: c.var.config.publicUrl },
    );
    if (!result.ok) return inviteFailure(c, result);
    return c.json(invitationJson(result.invitation), 201);
  })
  .get('/clients/:id/portal-invitations', async (c) => {
    const clientId = parseId(c.req.param('id'));
    const client = clientId === null ? undefined : await c.var.db.selectFrom('clients').select('id').where('id', '=', clientId).executeTakeFirst();
    if (!client) return notFound(c);
    const p = pageParams(c);
    if (!p.ok) return p.response;
    const rows = await listInvitationsAfter(c.var.db, client.id, p.afterId, p.limit + 1);
    const now = new Date();
    return c.json(pageResult(rows, p.limit, (i) => invitationJson(i, now)));
  })
  .get('/portal-invitations', async (c) => {
    const p = pageParams(c);
    if (!p.ok) return p.response;
    const raw = c.req.query('client_id');
    const clientId = raw === undefined ? null : parseId(raw);
    if (raw !== undefined && clientId === null) return apiError(c, 400, 'invalid_parameter', 'client_id must be an id', { client_id: 'must be an id' });
    const rows = await listInvitationsAfter(c.var.db, clientId, p.afterId, p.limit + 1);
    const now = new Date();
    return c.json(pageResult(rows, p.limit, (i) => invitationJson(i, now)));
  })
  .get('/portal-invitations/:id', async (c) => {
    const invitation = await getInvitation(c.var.db, parseId(c.req.param('id')) ?? 0);
    return invitation ? c.json(invitationJson(invitation)) : notFound(c);
  })
  .post('/portal-invitations/:id/revoke', async (c) => {
    const result = await revokeInvitation(c.var.db, staffActor(c.var.apiUser, 'api'), parseId(c.req.param('id')) ?? 0);
    return result.ok ? c.json(invitationJson(result.invitation)) : notFound(c);
  });
