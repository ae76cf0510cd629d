import type { Client, StaffUser } from '../../src/db/schema.js';
import type { StaffWithBell } from '../../src/notifications/bell.js';
import { ABOUT_TYPES } from '../../src/messages/rules.js';
import type { SubjectChoices, ThreadListRow, ThreadView } from '../../src/messages/service.js';
import type { Ui } from '../../src/web/ui.js';
import { ClientFrame, type ClientNav } from '../clients/client-frame.js';
import type { FlashMessage } from '../components/flash.js';
import { ErrorSummary, type FieldErrors } from '../components/form.js';
import { Pager } from '../components/pager.js';
import { StaffLayout } from '../layouts/staff.js';
import { MessageList, type SideLabels } from './message-list.js';
import { AboutSelect, BodyField, ThreadTable, threadTitleText } from './parts.js';

/** How staff pages name the two sides of a conversation. */
export function staffSides(ui: Ui): SideLabels {
  return { staff: ui.t('messages:side.staff'), portal: ui.t('messages:side.client') };
}

/** /messages: every client's conversations, latest first, with this staff member's unread counts. */
export function InboxPage(props: { ui: Ui; staff: StaffWithBell; rows: ThreadListRow[]; page: number; hasNext: boolean; unreadOnly: boolean }) {
  const { ui } = props;
  const { t } = ui;
  const query = (page: number) => {
    const params = new URLSearchParams();
    if (props.unreadOnly) params.set('unread', '1');
    if (page > 1) params.set('page', String(page));
    const s = params.toString();
    return `/messages${s ? `?${s}` : ''}`;
  };
  return (
    <StaffLayout ui={ui} staff={props.staff} title={t('messages:inbox.title')} section="messages">
      <div class="toolbar">
        <h1>{t('messages:inbox.title')}</h1>
        <nav class="filters" aria-label={t('messages:inbox.filter_label')}>
          <a href="/messages" aria-current={props.unreadOnly ? undefined : 'page'}>{t('messages:inbox.all')}</a>{' '}
          <a href="/messages?unread=1" aria-current={props.unreadOnly ? 'page' : undefined}>{t('messages:inbox.unread')}</a>
        </nav>
      </div>
      <p class="hint">{t('messages:inbox.hint')}</p>
      <ThreadTable ui={ui} rows={props.rows} href={(id) => `/messages/${id}`} showClient />
      <Pager ui={ui} page={props.page} hasNext={props.hasNext} href={query} />
    </StaffLayout>
  );
}

/** The start-a-conversation form for staff, inside a client's Messages tab. */
function StartForm(props: { ui: Ui; client: Client; choices: SubjectChoices; values: { about: string; body: string }; errors?: FieldErrors }) {
  const { ui } = props;
  const { t } = ui;
  return (
    <section aria-labelledby="start-h" class="start-conversation">
      <h3 id="start-h">{t('messages:start.title')}</h3>
      <form method="post" action={`/clients/${props.client.id}/messages`} novalidate>
        <ErrorSummary ui={ui} errors={props.errors} />
        <AboutSelect ui={ui} choices={props.choices} types={ABOUT_TYPES} value={props.values.about} errors={props.errors} />
        <p class="hint">{t('messages:start.staff_hint')}</p>
        <BodyField ui={ui} value={props.values.body} errors={props.errors} />
        <p class="actions"><button type="submit" class="primary">{t('messages:start.send')}</button></p>
      </form>
    </section>
  );
}

/** /clients/:id/messages: the client's conversations and a form to start (or continue) one. */
export function ClientMessagesTab(props: {
  ui: Ui;
  staff: StaffUser;
  client: Client;
  nav: ClientNav;
  rows: ThreadListRow[];
  page: number;
  hasNext: boolean;
  choices: SubjectChoices;
  values: { about: string; body: string };
  errors?: FieldErrors;
}) {
  const { ui, client } = props;
  const { t } = ui;
  return (
    <ClientFrame ui={ui} staff={props.staff} client={client} nav={props.nav} tab="messages">
      <h2>{t('messages:tab_title')}</h2>
      <ThreadTable ui={ui} rows={props.rows} href={(id) => `/messages/${id}`} showClient={false} />
      <Pager ui={ui} page={props.page} hasNext={props.hasNext} href={(p) => `/clients/${client.id}/messages${p > 1 ? `?page=${p}` : ''}`} />
      <StartForm ui={ui} client={client} choices={props.choices} values={props.values} errors={props.errors} />
    </ClientFrame>
  );
}

/** /messages/:id: one conversation with live updates and the reply form (errors keep the typed text). */
export function StaffThreadPage(props: { ui: Ui; staff: StaffWithBell; view: ThreadView; body: string; errors?: FieldErrors; flash?: FlashMessage | null }) {
  const { ui } = props;
  const { t } = ui;
  const { thread } = props.view;
  const title = threadTitleText(ui, thread);
  return (
    <StaffLayout ui={ui} staff={props.staff} title={title} section="messages" flash={props.flash}>
      <p class="breadcrumbs"><a href="/messages">{t('messages:inbox.title')}</a> › <a href={`/clients/${thread.client_id}/messages`}>{thread.client_name}</a></p>
      <h1>{title}</h1>
      <AboutLink ui={ui} view={props.view} />
      <MessageList ui={ui} messages={props.view.messages} lastId={props.view.lastId} pollUrl={`/messages/${thread.id}/messages`} sides={staffSides(ui)} viewer="staff" olderHidden={props.view.olderHidden} />
      <p class="hint no-js-refresh"><a href={`/messages/${thread.id}`}>{t('messages:refresh')}</a></p>
      <section aria-labelledby="reply-h">
        <h2 id="reply-h">{t('messages:reply.title')}</h2>
        <form method="post" action={`/messages/${thread.id}/reply`} novalidate>
          <ErrorSummary ui={ui} errors={props.errors} />
          <BodyField ui={ui} value={props.body} errors={props.errors} label={t('messages:reply.label')} />
          <p class="hint">{t('messages:reply.staff_hint', { client: thread.client_name })}</p>
          <p class="actions"><button type="submit" class="primary">{t('messages:reply.send')}</button></p>
        </form>
      </section>
    </StaffLayout>
  );
}

// A link to the record a thread is about, on staff pages.
function AboutLink(props: { ui: Ui; view: ThreadView }) {
  const { t } = props.ui;
  const th = props.view.thread;
  const href =
    th.about_type === 'invoice' ? `/invoices/${th.about_id}`
      : th.about_type === 'estimate' ? `/estimates/${th.about_id}`
        : th.about_type === 'project' ? `/clients/${th.client_id}/projects`
          : th.about_type === 'ticket' ? `/tickets/${th.about_id}`
            : null;
  return href ? <p><a href={href}>{t(`messages:open_record.${th.about_type}`)}</a></p> : null;
}
