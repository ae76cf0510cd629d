import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FlashMessage } from '../../views/components/flash.js';
import type { FieldErrors } from '../../views/components/form.js';
import { PortalAccessTab, type FormMessage, type InviteValues } from '../../views/portal-access/portal-tab.js';
import { loadClientFrame } from '../clients/frame.js';
import { parseId } from '../clients/params.js';
import { staffActor } from '../events/service.js';
import { getFirmSettings } from '../settings/service.js';
import { verifyEmailRoutes } from '../staff/verify-email.js';
import type { AppEnv } from '../web/env.js';
import { formString } from '../web/forms.js';
import { page, seeOther } from '../web/html.js';
import { isRole, permissionsFromForm, resolvePermissions } from './invitation-rules.js';
import { invitableContacts } from './membership-queries.js';
import { getMembership, invitePortalUser, listClientPortalAccess, resendInvitation, revokeAccess, updateMemberPermissions, type InviteFailure } from './service.js';
import { sendStaffVerification } from './staff-verification.js';
import { permissionsOf } from './visibility.js';
import { clientPortalSettings } from './settings.js';
import { ClientVisibilitySection } from '../../views/settings/client-visibility.js';

// After POST → 303 → GET the tab says what happened through `?done=<code>`; only these codes are shown.
const DONE: Record<string, string> = {
  invited: 'access:flash.invited',
  resent: 'access:flash.resent',
  revoked: 'access:flash.revoked',
  permissions_saved: 'access:flash.permissions_saved',
  verification_sent: 'access:flash.verification_sent',
  visibility_saved: 'access:flash.visibility_saved',
};

function doneFlash(code: string | undefined): FlashMessage | null {
  const key = code && Object.hasOwn(DONE, code) ? DONE[code] : undefined;
  return key ? { kind: 'success', key } : null;
}

interface TabState {
  values?: InviteValues;
  errors?: FieldErrors;
  message?: FormMessage | null;
  topMessage?: FormMessage | null;
  flash?: FlashMessage | null;
}

/** Renders the Portal tab of a client (404 for an unknown client). */
async function renderTab(c: Context<AppEnv>, clientId: number, state: TabState, status: ContentfulStatusCode = 200): Promise<Response> {
  const db = c.var.db;
  const frame = await loadClientFrame(db, clientId);
  if (!frame) return c.notFound();
  const [access, contacts, settings, me, visibilitySettings] = await Promise.all([
    listClientPortalAccess(db, clientId),
    invitableContacts(db, clientId),
    getFirmSettings(db),
    db.selectFrom('staff_users').select('email_verified_at').where('id', '=', c.var.staff.id).executeTakeFirst(),
    clientPortalSettings(db, clientId),
  ]);
  const visibility = <ClientVisibilitySection ui={c.var.ui} clientId={clientId} settings={visibilitySettings} />;
  return page(
    c,
    <PortalAccessTab
      ui={c.var.ui}
      staff={c.var.staff}
      {...frame}
      flash={state.flash ?? null}
      members={access.members}
      invitations={access.invitations}
      contacts={contacts}
      values={state.values ?? { language: frame.client.language }}
      errors={state.errors}
      message={state.message ?? null}
      topMessage={state.topMessage ?? null}
      staffVerified={Boolean(me?.email_verified_at)}
      expiryDays={settings.invitation_expiry_days}
      visibility={visibility}
    />,
    status,
  );
}

/** The message of an invitation refusal that is not about one field. */
function failureMessage(failure: InviteFailure): FormMessage | null {
  switch (failure.error) {
    case 'StaffEmailNotVerified':
      return { key: 'access:errors.unverified' };
    case 'DailyCapReached':
      return { key: 'access:errors.daily_cap', values: { cap: failure.cap } };
    case 'AlreadyMember':
      return { key: 'access:errors.already_member' };
    case 'NotInvited':
      return { key: 'access:errors.not_invited' };
    case 'Invalid': {
      const first = Object.values(failure.errors)[0];
      return first ? { key: first } : null;
    }
    case 'NotFound':
      return null;
  }
}

/** A membership of the client in the URL, or null (404). */
async function memberOf(c: Context<AppEnv>): Promise<{ clientId: number; membershipId: number } | null> {
  const clientId = parseId(c.req.param('id'));
  const membership = await getMembership(c.var.db, parseId(c.req.param('mid')) ?? 0);
  if (clientId === null || !membership || membership.client_id !== clientId) return null;
  return { clientId, membershipId: membership.id };
}

/** The Portal tab of a client: people with access, invitations, invite form, preview links; and staff email verification. */
export const portalAccessRoutes = new Hono<AppEnv>()
  .route('/', verifyEmailRoutes)
  .get('/clients/:id{[0-9]+}/portal', async (c) => {
    const clientId = parseId(c.req.param('id')) ?? 0;
    const contactId = parseId(c.req.query('contact_id'));
    return renderTab(c, clientId, { flash: doneFlash(c.req.query('done')), values: contactId ? { contact_id: String(contactId) } : undefined });
  })
  .post('/clients/:id{[0-9]+}/portal/invitations', async (c) => {
    const clientId = parseId(c.req.param('id')) ?? 0;
    const body = await c.req.parseBody();
    const values: InviteValues = { contact_id: formString(body, 'contact_id'), method: formString(body, 'method'), role: formString(body, 'role'), language: formString(body, 'language') };
    const result = await invitePortalUser(
      c.var.db,
      staffActor(c.var.staff),
      { clientId, contactId: values.contact_id, method: values.method, password: formString(body, 'password'), role: values.role, language: values.language },
      { publicUrl: c.var.config.publicUrl },
    );
    if (result.ok) return seeOther(c, `/clients/${clientId}/portal?done=invited`);
    if (result.error === 'NotFound') return c.notFound();
    const errors = result.error === 'Invalid' ? result.errors : result.error === 'AlreadyMember' ? { contact_id: 'access:errors.already_member' } : undefined;
    const message = result.error === 'Invalid' || result.error === 'AlreadyMember' ? null : failureMessage(result);
    return renderTab(c, clientId, { values, errors, message }, 422);
  })
  .post('/clients/:id{[0-9]+}/portal/members/:mid{[0-9]+}/resend', async (c) => {
    const found = await memberOf(c);
    if (!found) return c.notFound();
    const result = await resendInvitation(c.var.db, staffActor(c.var.staff), found.membershipId, { publicUrl: c.var.config.publicUrl });
    if (result.ok) return seeOther(c, `/clients/${found.clientId}/portal?done=resent`);
    if (result.error === 'NotFound') return c.notFound();
    return renderTab(c, found.clientId, { topMessage: failureMessage(result) }, 422);
  })
  .post('/clients/:id{[0-9]+}/portal/members/:mid{[0-9]+}/revoke', async (c) => {
    const found = await memberOf(c);
    if (!found) return c.notFound();
    const result = await revokeAccess(c.var.db, staffActor(c.var.staff), found.membershipId);
    if (!result.ok) return c.notFound();
    return seeOther(c, `/clients/${found.clientId}/portal?done=revoked`);
  })
  .post('/clients/:id{[0-9]+}/portal/members/:mid{[0-9]+}/permissions', async (c) => {
    const found = await memberOf(c);
    const before = found ? await getMembership(c.var.db, found.membershipId) : null;
    if (!found || !before) return c.notFound();
    const body = await c.req.parseBody();
    const role = formString(body, 'role');
    if (!isRole(role)) return renderTab(c, found.clientId, { topMessage: { key: 'access:errors.role' } }, 422);
    const permissions = resolvePermissions({ role: before.role, permissions: permissionsOf(before) }, role, permissionsFromForm(body));
    const result = await updateMemberPermissions(c.var.db, staffActor(c.var.staff), found.membershipId, { role, permissions });
    if (result.ok) return seeOther(c, `/clients/${found.clientId}/portal?done=permissions_saved`);
    if (result.error === 'NotFound') return c.notFound();
    return renderTab(c, found.clientId, { topMessage: { key: 'access:errors.revoked_member' } }, 422);
  })
  .post('/clients/:id{[0-9]+}/portal/verify-email', async (c) => {
    const clientId = parseId(c.req.param('id')) ?? 0;
    if (!(await loadClientFrame(c.var.db, clientId))) return c.notFound();
    const result = await sendStaffVerification(c.var.db, c.var.staff, { publicUrl: c.var.config.publicUrl });
    if (result.ok || result.error === 'AlreadyVerified') return seeOther(c, `/clients/${clientId}/portal${result.ok ? '?done=verification_sent' : ''}`);
    return renderTab(c, clientId, { topMessage: { key: 'access:errors.verify_too_many' } }, 429);
  });
