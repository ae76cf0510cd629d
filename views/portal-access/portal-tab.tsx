import type { Child } from 'hono/jsx';
import type { Client, Contact, StaffUser } from '../../src/db/schema.js';
import { GENERATED_PASSWORD_DAYS, METHODS, PERMISSION_FLAGS } from '../../src/portal-access/invitation-rules.js';
import type { InvitationView, MemberView } from '../../src/portal-access/service.js';
import { ROLES, type Permissions } from '../../src/portal-access/visibility.js';
import type { Ui } from '../../src/web/ui.js';
import { ClientFrame, type ClientNav } from '../clients/client-frame.js';
import type { FlashMessage } from '../components/flash.js';
import { ErrorSummary, Field, Select, type FieldErrors } from '../components/form.js';

/** What the invite form shows again after a refusal. */
export interface InviteValues { contact_id?: string; method?: string; role?: string; language?: string }

/** A message about the whole form (daily cap, unverified email…): a translation key and its values. */
export interface FormMessage { key: string; values?: Record<string, string | number> }

/** Props of the client's Portal tab. */
export interface PortalAccessTabProps {
  ui: Ui;
  staff: StaffUser;
  client: Client;
  nav: ClientNav;
  flash?: FlashMessage | null;
  members: MemberView[];
  invitations: InvitationView[];
  /** Contacts that can be invited (current, with an email). */
  contacts: Contact[];
  values: InviteValues;
  errors?: FieldErrors;
  /** A refusal that concerns the whole invite form. */
  message?: FormMessage | null;
  /** A refusal of an action on a member (resend, permissions) or of the verification email, shown at the top. */
  topMessage?: FormMessage | null;
  staffVerified: boolean;
  expiryDays: number;
  /** Slot for the per-client visibility settings (added by the portal setup), rendered above the people list. */
  visibility?: Child;
}

function PermissionList(props: { ui: Ui; permissions: Permissions }) {
  const { t } = props.ui;
  const on = PERMISSION_FLAGS.filter((f) => props.permissions[f]);
  if (on.length === 0) return <span class="muted">{t('access:members.no_permissions')}</span>;
  return <span>{on.map((f) => t(`access:permissions.${f}`)).join(', ')}</span>;
}

/** The role select and six permission boxes of one member (no JavaScript needed). */
function PermissionsForm(props: { ui: Ui; client: Client; member: MemberView }) {
  const { ui, member } = props;
  const { t } = ui;
  return (
    <details class="edit-permissions">
      <summary>{t('access:actions.edit_permissions')}</summary>
      <form method="post" action={`/clients/${props.client.id}/portal/members/${member.id}/permissions`}>
        <div class="field">
          <label for={`member-role-${member.id}`}>{t('access:invite.role')}</label>
          <select id={`member-role-${member.id}`} name="role">
            {ROLES.map((r) => <option value={r} selected={member.role === r}>{t(`access:roles.${r}`)}</option>)}
          </select>
        </div>
        <fieldset class="plain">
          <legend>{t('access:permissions.legend')}</legend>
          <ul class="checks">
            {PERMISSION_FLAGS.map((f) => (
              <li>
                <input type="checkbox" id={`perm-${member.id}-${f}`} name={`perm_${f}`} value="1" checked={member.permissions[f]} />
                <label for={`perm-${member.id}-${f}`}>{t(`access:permissions.${f}`)}</label>
              </li>
            ))}
          </ul>
        </fieldset>
        <p class="hint">{t('access:actions.permissions_hint')}</p>
        <p class="actions"><button type="submit" class="primary">{t('access:actions.save_permissions')}</button></p>
      </form>
    </details>
  );
}

/** The people with (or invited to) portal access, with their actions. */
export function MembersTable(props: { ui: Ui; client: Client; members: MemberView[] }) {
  const { ui, client } = props;
  const { t } = ui;
  if (props.members.length === 0) return <p class="empty">{t('access:members.none')}</p>;
  return (
    <table class="responsive members">
      <thead>
        <tr>
          <th scope="col">{t('access:members.person')}</th>
          <th scope="col">{t('access:members.email')}</th>
          <th scope="col">{t('access:members.role')}</th>
          <th scope="col">{t('access:members.permissions')}</th>
          <th scope="col">{t('access:members.status')}</th>
          <th scope="col">{t('access:members.last_login')}</th>
          <th scope="col"><span class="visually-hidden">{t('common:actions')}</span></th>
        </tr>
      </thead>
      <tbody>
        {props.members.map((m) => (
          <tr id={`member-${m.id}`}>
            <td data-label={t('access:members.person')}>{m.user_name}</td>
            <td data-label={t('access:members.email')}>{m.email}</td>
            <td data-label={t('access:members.role')}>{t(`access:roles.${m.role}`)}</td>
            <td data-label={t('access:members.permissions')}><PermissionList ui={ui} permissions={m.permissions} /></td>
            <td data-label={t('access:members.status')}><span class={`badge badge-${m.status}`}>{t(`access:member_status.${m.status}`)}</span></td>
            <td data-label={t('access:members.last_login')}>{m.last_login_at ? <time datetime={m.last_login_at}>{ui.dateTime(m.last_login_at)}</time> : <span class="muted">{t('access:members.never')}</span>}</td>
            <td class="row-actions">
              {m.status === 'revoked' ? null : (
                <div class="actions">
                  {m.status === 'invited' ? (
                    <form method="post" action={`/clients/${client.id}/portal/members/${m.id}/resend`}>
                      <button type="submit">{t('access:actions.resend')}</button>
                    </form>
                  ) : null}
                  <form method="post" action={`/clients/${client.id}/portal/members/${m.id}/revoke`} data-confirm={t('access:actions.revoke_confirm')}>
                    <button type="submit" class="danger">{t('access:actions.revoke')}</button>
                  </form>
                  <PermissionsForm ui={ui} client={client} member={m} />
                </div>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every invitation of the client with its derived status. */
export function InvitationsTable(props: { ui: Ui; invitations: InvitationView[] }) {
  const { ui } = props;
  const { t } = ui;
  if (props.invitations.length === 0) return <p class="empty">{t('access:invitations.none')}</p>;
  return (
    <table class="responsive invitations">
      <thead>
        <tr>
          <th scope="col">{t('access:invitations.person')}</th>
          <th scope="col">{t('access:invitations.method')}</th>
          <th scope="col">{t('access:invitations.role')}</th>
          <th scope="col">{t('access:invitations.status')}</th>
          <th scope="col">{t('access:invitations.sent')}</th>
          <th scope="col">{t('access:invitations.expires')}</th>
        </tr>
      </thead>
      <tbody>
        {props.invitations.map((i) => (
          <tr id={`invitation-${i.id}`}>
            <td data-label={t('access:invitations.person')}>{i.contact_name ? <>{i.contact_name} <span class="muted">{i.email}</span></> : i.email}</td>
            <td data-label={t('access:invitations.method')}>{t(`access:method_short.${i.method}`)}</td>
            <td data-label={t('access:invitations.role')}>{t(`access:roles.${i.role}`)}</td>
            <td data-label={t('access:invitations.status')}>
              <span class={`badge badge-${i.shown_status}`}>{t(`access:invitation_status.${i.shown_status}`)}</span>
              {i.accepted_at ? <> <span class="muted">{t('access:invitations.accepted_at', { date: ui.dateTime(i.accepted_at) })}</span></> : null}
              {i.revoked_at ? <> <span class="muted">{t('access:invitations.revoked_at', { date: ui.dateTime(i.revoked_at) })}</span></> : null}
            </td>
            <td data-label={t('access:invitations.sent')}>
              <time datetime={i.created_at}>{ui.dateTime(i.created_at)}</time>
              {i.sent_by_name ? <> <span class="muted">{t('access:invitations.sent_by', { name: i.sent_by_name })}</span></> : null}
            </td>
            <td data-label={t('access:invitations.expires')}><time datetime={i.expires_at}>{ui.dateTime(i.expires_at)}</time></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The invite form: contact, method, password (for "set a password now"), role with descriptions, language. */
export function InviteForm(props: { ui: Ui; client: Client; contacts: Contact[]; everyoneIn?: boolean; values: InviteValues; errors?: FieldErrors; message?: FormMessage | null; disabled: boolean; expiryDays: number }) {
  const { ui, client, values } = props;
  const { t } = ui;
  const errors = props.errors;
  const method = values.method ?? 'link';
  if (props.contacts.length === 0 && props.everyoneIn) return <p class="empty">{t('access:invite.everyone_in')}</p>;
  if (props.contacts.length === 0) return <p class="empty">{t('access:invite.no_contacts')} <a href={`/clients/${client.id}/contacts`}>{t('clients:tabs.contacts')}</a></p>;
  return (
    <form method="post" action={`/clients/${client.id}/portal/invitations`} novalidate>
      {props.message ? (
        <div class="error-summary" role="alert"><p>{t(props.message.key, props.message.values ?? {})}</p></div>
      ) : (
        <ErrorSummary ui={ui} errors={errors} />
      )}
      <fieldset class="plain" disabled={props.disabled}>
        <div class="form-grid">
          <Select ui={ui} name="contact_id" label={t('access:invite.contact')} value={values.contact_id} errors={errors} required empty={t('access:invite.choose_contact')}
            options={props.contacts.map((c) => ({ value: c.id, label: `${c.name} <${c.email}>` }))} />
          <Select ui={ui} name="language" label={t('access:invite.language')} value={values.language ?? client.language} errors={errors}
            options={[{ value: 'en', label: t('common:languages.en') }, { value: 'el', label: t('common:languages.el') }]} />
        </div>
        <fieldset class={errors?.method ? 'has-error' : undefined}>
          <legend>{t('access:invite.method')}</legend>
          <ul class="checks">
            {METHODS.map((m) => (
              <li>
                <input type="radio" id={`method-${m}`} name="method" value={m} checked={method === m} />
                <label for={`method-${m}`}>{t(`access:methods.${m}`)}</label>
              </li>
            ))}
          </ul>
          {errors?.method ? <p class="error">{t(errors.method)}</p> : null}
        </fieldset>
        <Field ui={ui} name="password" type="password" label={t('access:invite.password')} errors={errors} hint={t('access:invite.password_hint')} autocomplete="new-password" maxlength={1024} />
        <fieldset class={errors?.role ? 'has-error' : undefined}>
          <legend>{t('access:invite.role')}</legend>
          <ul class="checks">
            {ROLES.map((r) => (
              <li>
                <input type="radio" id={`role-${r}`} name="role" value={r} checked={(values.role ?? 'accounts') === r} />
                <label for={`role-${r}`}><strong>{t(`access:roles.${r}`)}</strong> — <span class="hint">{t(`access:role_help.${r}`)}</span></label>
              </li>
            ))}
          </ul>
          {errors?.role ? <p class="error">{t(errors.role)}</p> : null}
        </fieldset>
        <p class="hint">{t('access:invite.expiry_note', { days: props.expiryDays, generatedDays: Math.min(props.expiryDays, GENERATED_PASSWORD_DAYS) })}</p>
        <p class="actions"><button type="submit" class="primary">{t('access:invite.submit')}</button></p>
      </fieldset>
    </form>
  );
}

/** /clients/:id/portal: who has portal access, invitations, the invite form and the portal preview links. */
export function PortalAccessTab(props: PortalAccessTabProps) {
  const { ui, client } = props;
  const { t } = ui;
  // People who are already in are not offered again.
  const hasAccess = new Set(props.members.filter((m) => m.status === 'active' && m.contact_id !== null).map((m) => m.contact_id));
  return (
    <ClientFrame ui={ui} staff={props.staff} client={client} nav={props.nav} tab="portal" flash={props.flash}>
      <h2 class="visually-hidden">{t('access:title')}</h2>
      {props.topMessage ? <div class="error-summary" role="alert"><p>{t(props.topMessage.key, props.topMessage.values ?? {})}</p></div> : null}
      {props.staffVerified ? null : (
        <div class="flash flash-info verify-banner" role="status">
          <p>{t('access:verify.banner', { email: props.staff.email })}</p>
          <form method="post" action={`/clients/${client.id}/portal/verify-email`}>
            <button type="submit">{t('access:verify.send')}</button>
          </form>
        </div>
      )}
      {/* Visibility settings of this client (portal setup) go here. */}
      {props.visibility ?? null}
      <section aria-labelledby="portal-members">
        <h3 id="portal-members">{t('access:members.title')}</h3>
        <MembersTable ui={ui} client={client} members={props.members} />
      </section>
      <section aria-labelledby="invite">
        <h3 id="invite">{t('access:invite.title')}</h3>
        <InviteForm ui={ui} client={client} contacts={props.contacts.filter((c) => !hasAccess.has(c.id))} everyoneIn={props.contacts.length > 0} values={props.values} errors={props.errors} message={props.message} disabled={!props.staffVerified} expiryDays={props.expiryDays} />
      </section>
      <section aria-labelledby="portal-invitations">
        <h3 id="portal-invitations">{t('access:invitations.title')}</h3>
        <InvitationsTable ui={ui} invitations={props.invitations} />
      </section>
      <section aria-labelledby="portal-preview">
        <h3 id="portal-preview">{t('access:preview.title')}</h3>
        <p class="hint">{t('access:preview.intro')}</p>
        <ul class="preview-links">
          {props.contacts.map((c) => (
            <li><a href={`/preview/${client.id}/${c.id}`}>{c.name}</a></li>
          ))}
          <li><a href={`/preview/${client.id}/0`}>{t('access:preview.default_role')}</a></li>
        </ul>
      </section>
      <section aria-labelledby="portal-logo">
        <h3 id="portal-logo">{t('brand:client_logo.link')}</h3>
        <p class="hint">{t('brand:client_logo.intro')}</p>
        <p><a href={`/clients/${client.id}/portal/logo`}>{t('brand:client_logo.manage')}</a></p>
      </section>
    </ClientFrame>
  );
}
