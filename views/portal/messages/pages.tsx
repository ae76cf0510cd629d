import type { PortalView } from '../../../src/portal/context.js';
import type { ThreadAbout } from '../../../src/messages/rules.js';
import type { SubjectChoices, ThreadListRow, ThreadView } from '../../../src/messages/service.js';
import type { Ui } from '../../../src/web/ui.js';
import type { FlashMessage } from '../../components/flash.js';
import { ErrorSummary, type FieldErrors } from '../../components/form.js';
import { Pager } from '../../components/pager.js';
import { PortalLayout } from '../../layouts/portal.js';
import { MessageList, type SideLabels } from '../../messages/message-list.js';
import { AboutSelect, BodyField, ThreadTable, threadTitleText } from '../../messages/parts.js';

/** How portal pages name the two sides of a conversation: the firm and the client. */
export function portalSides(portal: PortalView): SideLabels {
  return { staff: portal.firmName, portal: portal.client.name };
}

/** <base>/messages: the conversations this member may see, with unread counts. */
export function PortalThreadsPage(props: { ui: Ui; portal: PortalView; rows: ThreadListRow[]; page: number; hasNext: boolean; mayWrite: boolean }) {
  const { ui } = props;
  const { t } = ui;
  const p = props.portal;
  return (
    <PortalLayout ui={ui} portal={p} title={t('messages:portal.title')} section="messages">
      <div class="toolbar">
        <h1>{t('messages:portal.title')}</h1>
        {props.mayWrite ? <a class="button primary" href={`${p.base}/messages/new`}>{t('messages:portal.new')}</a> : null}
      </div>
      <ThreadTable ui={ui} rows={props.rows} href={(id) => `${p.base}/messages/${id}`} showClient={false} />
      <Pager ui={ui} page={props.page} hasNext={props.hasNext} href={(n) => `${p.base}/messages${n > 1 ? `?page=${n}` : ''}`} />
    </PortalLayout>
  );
}

/** <base>/messages/new: write to the firm about one of the client's visible records, or in general. */
export function PortalNewThreadPage(props: { ui: Ui; portal: PortalView; choices: SubjectChoices; types: readonly ThreadAbout[]; values: { about: string; body: string }; errors?: FieldErrors }) {
  const { ui } = props;
  const { t } = ui;
  const p = props.portal;
  return (
    <PortalLayout ui={ui} portal={p} title={t('messages:portal.new')} section="messages">
      <p class="breadcrumbs"><a href={`${p.base}/messages`}>{t('messages:portal.title')}</a></p>
      <h1>{t('messages:portal.new')}</h1>
      <form method="post" action={`${p.base}/messages`} novalidate>
        <ErrorSummary ui={ui} errors={props.errors} />
        <fieldset disabled={p.preview ? true : undefined} class="plain">
          <AboutSelect ui={ui} choices={props.choices} types={props.types} value={props.values.about} errors={props.errors} />
          <BodyField ui={ui} value={props.values.body} errors={props.errors} />
          <p class="actions">
            <button type="submit" class="primary">{t('messages:start.send')}</button>
            <a class="button" href={`${p.base}/messages`}>{t('common:cancel')}</a>
          </p>
        </fieldset>
      </form>
    </PortalLayout>
  );
}

/** <base>/messages/:id: one conversation, live-updated, with the reply form for members who may write. */
export function PortalThreadPage(props: { ui: Ui; portal: PortalView; view: ThreadView; mayWrite: boolean; recordHref: string | null; body: string; errors?: FieldErrors; flash?: FlashMessage | null }) {
  const { ui } = props;
  const { t } = ui;
  const p = props.portal;
  const { thread } = props.view;
  const title = threadTitleText(ui, thread);
  return (
    <PortalLayout ui={ui} portal={p} title={title} section="messages" flash={props.flash}>
      <p class="breadcrumbs"><a href={`${p.base}/messages`}>{t('messages:portal.title')}</a></p>
      <h1>{title}</h1>
      {props.recordHref ? <p><a href={props.recordHref}>{t(`messages:open_record.${thread.about_type}`)}</a></p> : null}
      <MessageList ui={ui} messages={props.view.messages} lastId={props.view.lastId} pollUrl={`${p.base}/messages/${thread.id}/messages`} sides={portalSides(p)} viewer="portal" olderHidden={props.view.olderHidden} />
      <p class="hint no-js-refresh"><a href={`${p.base}/messages/${thread.id}`}>{t('messages:refresh')}</a></p>
      {props.mayWrite ? (
        <section aria-labelledby="reply-h">
          <h2 id="reply-h">{t('messages:reply.title')}</h2>
          <form method="post" action={`${p.base}/messages/${thread.id}/reply`} novalidate>
            <ErrorSummary ui={ui} errors={props.errors} />
            <fieldset disabled={p.preview ? true : undefined} class="plain">
              <BodyField ui={ui} value={props.body} errors={props.errors} label={t('messages:reply.label')} />
              <p class="actions"><button type="submit" class="primary">{t('messages:reply.send')}</button></p>
            </fieldset>
          </form>
        </section>
      ) : null}
    </PortalLayout>
  );
}
