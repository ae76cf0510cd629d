import type { EventRow } from '../../src/db/schema.js';
import type { Ui } from '../../src/web/ui.js';

/** A readable event log: when, who, what (action names are translated in events.json). */
export function EventList(props: { ui: Ui; events: Array<EventRow & { client_name?: string | null }>; showClient?: boolean }) {
  const { t } = props.ui;
  if (props.events.length === 0) return <p class="empty">{t('events:none')}</p>;
  return (
    <ol class="events">
      {props.events.map((e) => {
        const detail = e.detail ? (JSON.parse(e.detail) as Record<string, unknown>) : {};
        const label = typeof detail.label === 'string' ? detail.label : `#${e.subject_id}`;
        // What the person wrote with the change (a client's comment on accepting an estimate).
        const comment = typeof detail.comment === 'string' && detail.comment !== '' ? detail.comment : null;
        return (
          <li>
            <time datetime={e.at}>{props.ui.dateTime(e.at)}</time>{' '}
            <span class="actor">{e.actor_name}</span>{' '}
            <span>{t(`events:actions.${e.subject_type}.${e.action}`, { label, defaultValue: `${e.subject_type} ${e.action} ${label}` })}</span>
            {comment ? <> · <q class="event-comment">{comment}</q></> : null}
            {props.showClient && e.client_name && e.client_id ? <> · <a href={`/clients/${e.client_id}`}>{e.client_name}</a></> : null}
          </li>
        );
      })}
    </ol>
  );
}
