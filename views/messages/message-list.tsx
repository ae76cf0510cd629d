import type { Message } from '../../src/db/schema-requests.js';
import type { Ui } from '../../src/web/ui.js';

/** How a thread names each side: the firm (staff messages) and the client (members' messages). */
export interface SideLabels { staff: string; portal: string }

/** One message: who, when, and its plain text (escaped, line breaks kept by CSS). */
export function MessageItem(props: { ui: Ui; message: Message; sides: SideLabels; viewer: 'staff' | 'portal' }) {
  const m = props.message;
  const ours = m.author_type === props.viewer;
  return (
    <li class={`message ${ours ? 'message-ours' : 'message-theirs'} message-${m.author_type}`} id={`message-${m.id}`} data-message-id={String(m.id)}>
      <p class="message-meta">
        <strong>{m.author_name}</strong> <span class="muted">· {m.author_type === 'staff' ? props.sides.staff : props.sides.portal}</span>{' '}
        <time datetime={m.created_at}>{props.ui.dateTime(m.created_at)}</time>
      </p>
      <div class="message-body">{m.body}</div>
    </li>
  );
}

/**
 * The live-update hook at the end of the list: every 10 s htmx asks for the messages after
 * `lastId` and swaps this element for them plus a new hook (a 204 answer leaves it alone).
 * Hidden from assistive technology; the list itself is a polite live region.
 */
export function ThreadPoller(props: { pollUrl: string; lastId: number }) {
  return <li class="thread-poller" aria-hidden="true" hx-get={`${props.pollUrl}?after=${props.lastId}`} hx-trigger="every 10s" hx-swap="outerHTML"></li>;
}

/** The messages of a thread with the live-update hook: the page renders it whole, a poll answers with `NewMessages`. */
export function MessageList(props: { ui: Ui; messages: Message[]; lastId: number; pollUrl: string; sides: SideLabels; viewer: 'staff' | 'portal'; olderHidden?: boolean }) {
  const { t } = props.ui;
  return (
    <>
      {props.olderHidden ? <p class="hint">{t('messages:older_hidden')}</p> : null}
      {props.messages.length === 0 ? <p class="empty">{t('messages:no_messages')}</p> : null}
      <ol class="messages" id="thread-messages" aria-live="polite" aria-relevant="additions">
        {props.messages.map((m) => <MessageItem ui={props.ui} message={m} sides={props.sides} viewer={props.viewer} />)}
        <ThreadPoller pollUrl={props.pollUrl} lastId={props.lastId} />
      </ol>
    </>
  );
}

/** A poll's answer: the new messages (same component as the page) followed by the next hook. */
export function NewMessages(props: { ui: Ui; messages: Message[]; lastId: number; pollUrl: string; sides: SideLabels; viewer: 'staff' | 'portal' }) {
  return (
    <>
      {props.messages.map((m) => <MessageItem ui={props.ui} message={m} sides={props.sides} viewer={props.viewer} />)}
      <ThreadPoller pollUrl={props.pollUrl} lastId={props.lastId} />
    </>
  );
}
