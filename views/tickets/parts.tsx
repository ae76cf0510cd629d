import type { TicketStatus, TicketUpdate } from '../../src/db/schema-requests.js';
import type { TicketAttachment, TicketListRow, TicketRow } from '../../src/tickets/service.js';
import type { Ui } from '../../src/web/ui.js';

/** A request's status as a coloured badge. */
export function TicketStatusBadge(props: { ui: Ui; status: TicketStatus }) {
  return <span class={`badge badge-ticket-${props.status}`}>{props.ui.t(`tickets:status.${props.status}`)}</span>;
}

/**
 * A request's history: public replies, status changes and — only when `showNotes` (staff
 * pages) — internal notes. Portal pages pass false and are given public updates only anyway.
 */
export function TicketTimeline(props: { ui: Ui; updates: TicketUpdate[]; showNotes: boolean; staffLabel: string; clientLabel: string }) {
  const { ui } = props;
  const { t } = ui;
  const shown = props.showNotes ? props.updates : props.updates.filter((u) => u.kind !== 'note');
  if (shown.length === 0) return <p class="empty">{t('tickets:timeline.empty')}</p>;
  return (
    <ol class="ticket-timeline">
      {shown.map((u) => {
        const when = <time datetime={u.created_at}>{ui.dateTime(u.created_at)}</time>;
        if (u.kind === 'status') {
          return (
            <li class="ticket-update ticket-status-change">
              <p class="message-meta">
                {t('tickets:timeline.status_changed', { name: u.author_name, status: t(`tickets:status.${u.status_to ?? 'open'}`) })} · {when}
              </p>
            </li>
          );
        }
        const side = u.author_type === 'staff' ? props.staffLabel : props.clientLabel;
        return (
          <li class={u.kind === 'note' ? 'ticket-update ticket-note' : `ticket-update ticket-reply ticket-reply-${u.author_type}`}>
            <p class="message-meta">
              {u.kind === 'note' ? <span class="badge badge-internal">{t('tickets:timeline.internal_note')}</span> : null}{' '}
              <strong>{u.author_name}</strong> <span class="muted">· {side}</span> {when}
            </p>
            <div class="message-body">{u.body}</div>
          </li>
        );
      })}
    </ol>
  );
}

/** Requests as a table; `href(id)` links each one (staff or portal page), `showClient` adds the client column (staff queue). */
export function TicketTable(props: { ui: Ui; rows: TicketListRow[]; href: (id: number) => string; showClient: boolean; showAssignee: boolean }) {
  const { ui } = props;
  const { t } = ui;
  if (props.rows.length === 0) return <p class="empty">{t('tickets:none')}</p>;
  return (
    <table class="responsive tickets">
      <thead>
        <tr>
          <th scope="col">{t('tickets:columns.request')}</th>
          {props.showClient ? <th scope="col">{t('tickets:columns.client')}</th> : null}
          <th scope="col">{t('tickets:columns.type')}</th>
          <th scope="col">{t('tickets:columns.status')}</th>
          {props.showAssignee ? <th scope="col">{t('tickets:columns.assignee')}</th> : null}
          <th scope="col">{t('tickets:columns.raised_by')}</th>
          <th scope="col">{t('tickets:columns.activity')}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <td data-label={t('tickets:columns.request')}><a href={props.href(r.id)}>#{String(r.id)} {r.subject}</a></td>
            {props.showClient ? <td data-label={t('tickets:columns.client')}><a href={`/clients/${r.client_id}/tickets`}>{r.client_name}</a></td> : null}
            <td data-label={t('tickets:columns.type')}>{t(`tickets:type.${r.type}`)}</td>
            <td data-label={t('tickets:columns.status')}><TicketStatusBadge ui={ui} status={r.status} /></td>
            {props.showAssignee ? <td data-label={t('tickets:columns.assignee')}>{r.assignee_name ?? <span class="muted">{t('tickets:unassigned')}</span>}</td> : null}
            <td data-label={t('tickets:columns.raised_by')}>{r.raised_by_name}</td>
            <td data-label={t('tickets:columns.activity')}><time datetime={r.last_activity_at}>{ui.dateTime(r.last_activity_at)}</time></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The site and equipment a request is about, as rows of a details list (nothing when neither). */
export function TicketPlaces(props: { ui: Ui; ticket: Pick<TicketRow, 'site_name' | 'equipment_name' | 'equipment_serial'> }) {
  const { t } = props.ui;
  const tk = props.ticket;
  return (
    <>
      {tk.site_name ? <><dt>{t('tickets:fields.site')}</dt><dd>{tk.site_name}</dd></> : null}
      {tk.equipment_name ? <><dt>{t('tickets:fields.equipment')}</dt><dd>{tk.equipment_name}{tk.equipment_serial ? ` · ${t('tickets:fields.serial', { serial: tk.equipment_serial })}` : ''}</dd></> : null}
    </>
  );
}

/** A request's attachments, each a download link (`href(fileId)`); nothing when there are none. */
export function TicketFiles(props: { ui: Ui; files: TicketAttachment[]; href: (fileId: number) => string }) {
  const { t } = props.ui;
  if (props.files.length === 0) return null;
  return (
    <section aria-labelledby="files-h" class="ticket-files">
      <h2 id="files-h">{t('tickets:fields.attachments')}</h2>
      <ul>
        {props.files.map((f) => (
          <li>
            <a href={props.href(f.id)} download>{f.name}</a> <span class="muted">{t('tickets:file_meta', { kind: t(`files:kinds.${f.kind}`), kb: Math.max(1, Math.round(f.size_bytes / 1024)) })}</span>
            {f.archived_at ? <span class="badge badge-void"> {t('tickets:archived_file')}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
