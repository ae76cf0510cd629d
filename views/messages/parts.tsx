import type { SubjectChoices, ThreadListRow } from '../../src/messages/service.js';
import { aboutValue, threadTitle, type ThreadAbout, type ThreadTitleSource } from '../../src/messages/rules.js';
import { excerpt } from '../../src/messages/text.js';
import type { Ui } from '../../src/web/ui.js';
import type { FieldErrors } from '../components/form.js';

/** A thread's title in the page's language: "Invoice INV-2026-0001", "General conversation". */
export function threadTitleText(ui: Ui, row: ThreadTitleSource): string {
  const title = threadTitle(row);
  return ui.t(title.key, title.values);
}

/** The "what is it about" select of a new conversation: general, then the records it may name, grouped. */
export function AboutSelect(props: { ui: Ui; choices: SubjectChoices; types: readonly ThreadAbout[]; value: string; errors?: FieldErrors }) {
  const { ui } = props;
  const { t } = ui;
  const error = props.errors?.about;
  const selected = (v: string) => v === props.value;
  const group = (type: ThreadAbout, label: string, items: Array<{ value: string; label: string }>) =>
    props.types.includes(type) && items.length > 0 ? (
      <optgroup label={label}>
        {items.map((o) => <option value={o.value} selected={selected(o.value)}>{o.label}</option>)}
      </optgroup>
    ) : null;
  const c = props.choices;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for="f-about">{t('messages:fields.about')}</label>
      <select id="f-about" name="about" aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'f-about-error' : undefined}>
        <option value="general" selected={selected('general')}>{t('messages:about.general')}</option>
        {group('invoice', t('messages:groups.invoice'), c.invoices.map((d) => ({ value: aboutValue({ type: 'invoice', id: d.id }), label: d.number ?? `#${d.id}` })))}
        {group('estimate', t('messages:groups.estimate'), c.estimates.map((d) => ({ value: aboutValue({ type: 'estimate', id: d.id }), label: d.number ?? `#${d.id}` })))}
        {group('project', t('messages:groups.project'), c.projects.map((p) => ({ value: aboutValue({ type: 'project', id: p.id }), label: p.name })))}
        {group('ticket', t('messages:groups.ticket'), c.tickets.map((tk) => ({ value: aboutValue({ type: 'ticket', id: tk.id }), label: `#${tk.id} ${tk.subject}` })))}
      </select>
      {error ? <p class="error" id="f-about-error">{t(error)}</p> : null}
    </div>
  );
}

/** The message textarea of every message form. */
export function BodyField(props: { ui: Ui; value: string; errors?: FieldErrors; label?: string; id?: string }) {
  const { t } = props.ui;
  const id = props.id ?? 'f-body';
  const error = props.errors?.body;
  return (
    <div class={error ? 'field field-wide has-error' : 'field field-wide'}>
      <label for={id}>{props.label ?? t('messages:fields.body')}</label>
      <textarea id={id} name="body" rows={5} maxlength={5000} required aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {props.value}
      </textarea>
      {error ? <p class="error" id={`${id}-error`}>{t(error)}</p> : null}
    </div>
  );
}

/** A list of threads: title (linking to `href(id)`), client (staff), latest message, unread count, when. */
export function ThreadTable(props: { ui: Ui; rows: ThreadListRow[]; href: (id: number) => string; showClient: boolean }) {
  const { ui } = props;
  const { t } = ui;
  if (props.rows.length === 0) return <p class="empty">{t('messages:none')}</p>;
  return (
    <table class="responsive threads">
      <thead>
        <tr>
          <th scope="col">{t('messages:columns.conversation')}</th>
          {props.showClient ? <th scope="col">{t('messages:columns.client')}</th> : null}
          <th scope="col">{t('messages:columns.latest')}</th>
          <th scope="col" class="num">{t('messages:columns.unread')}</th>
          <th scope="col">{t('messages:columns.when')}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr class={r.unread > 0 ? 'unread' : undefined}>
            <td data-label={t('messages:columns.conversation')}>
              <a href={props.href(r.id)}>{threadTitleText(ui, r)}</a>
              {r.unread > 0 ? <span class="visually-hidden"> {t('messages:unread_count', { count: r.unread })}</span> : null}
            </td>
            {props.showClient ? <td data-label={t('messages:columns.client')}><a href={`/clients/${r.client_id}/messages`}>{r.client_name}</a></td> : null}
            <td data-label={t('messages:columns.latest')} class="thread-latest">
              {r.last_author ? <strong>{r.last_author}: </strong> : null}
              <span>{r.last_body ? excerpt(r.last_body, 120) : ''}</span>
            </td>
            <td class="num" data-label={t('messages:columns.unread')}>
              {r.unread > 0 ? <span class="badge badge-unread" aria-hidden="true">{String(r.unread)}</span> : <span aria-hidden="true">—</span>}
            </td>
            <td data-label={t('messages:columns.when')}><time datetime={r.last_message_at}>{ui.dateTime(r.last_message_at)}</time></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
