import { LIST_PERIODS, LIST_SPECS, listHref, listParams, sortText } from '../../../src/portal/lists.js';
import { Field, Select, ErrorSummary, type FieldErrors } from '../../components/form.js';
import { LIST_REGION_ID, type PortalListView } from './types.js';

function fieldErrors(errors: PortalListView['errors']): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Hidden inputs carrying a list's state (period, filters, sort) into another form. */
function StateInputs(props: { params: URLSearchParams; skip: readonly string[] }) {
  return <>{[...props.params].filter(([k]) => !props.skip.includes(k)).map(([k, v]) => <input type="hidden" name={k} value={v} />)}</>;
}

/**
 * The Period control and Filters: a GET form to the list's own URL, so it works without
 * JavaScript and a filtered list is a link anyone can share; htmx swaps the list region and
 * pushes the URL.
 */
export function ListFilters(props: PortalListView) {
  const { ui, list, state } = props;
  const { t } = ui;
  const spec = LIST_SPECS[list];
  const url = props.portal.base + spec.path;
  const errors = fieldErrors(props.errors);
  const keep = listParams(list, state);
  return (
    <form method="get" action={url} class="list-filters no-print" role="search" aria-label={t('portal_docs:filters.label')}
      hx-get={url} hx-target={`#${LIST_REGION_ID}`} hx-swap="outerHTML" hx-push-url="true">
      <ErrorSummary ui={ui} errors={errors} />
      <fieldset class="period-control">
        <legend>{t('portal_docs:filters.period')}</legend>
        <div class="toolbar">
          <Select ui={ui} name="period" label={t('portal_docs:filters.period_choice')} value={state.period} errors={errors}
            options={LIST_PERIODS.map((p) => ({ value: p, label: t(`portal_docs:periods.${p}`) }))} />
          <Field ui={ui} name="from" type="date" label={t('portal_docs:filters.from')} value={state.period === 'custom' ? state.fromText : ''} errors={errors} />
          <Field ui={ui} name="to" type="date" label={t('portal_docs:filters.to')} value={state.period === 'custom' ? state.toText : ''} errors={errors} />
        </div>
        <p class="hint">{t('portal_docs:filters.custom_hint')}</p>
      </fieldset>
      <fieldset>
        <legend>{t('portal_docs:filters.legend')}</legend>
        <div class="toolbar">
          {spec.statuses.length > 0 ? (
            <Select ui={ui} name="status" label={t('portal_docs:filters.status')} value={state.status} errors={errors} empty={t('portal_docs:filters.any_status')}
              options={spec.statuses.map((s) => ({ value: s, label: t(`portal_docs:status_filters.${s}`) }))} />
          ) : null}
          {spec.projects && props.projects.length > 0 ? (
            <Select ui={ui} name="project" label={t('portal_docs:filters.project')} value={state.project} errors={errors} empty={t('portal_docs:filters.any_project')}
              options={props.projects.map((p) => ({ value: p.id, label: p.name }))} />
          ) : null}
          <Field ui={ui} name="min" label={t('portal_docs:filters.min', { currency: props.portal.client.currency })} value={state.minText} errors={errors} inputmode="decimal" maxlength={40} />
          <Field ui={ui} name="max" label={t('portal_docs:filters.max', { currency: props.portal.client.currency })} value={state.maxText} errors={errors} inputmode="decimal" maxlength={40} />
          <Field ui={ui} name="q" type="search" label={t(list === 'payments' ? 'portal_docs:filters.q_reference' : 'portal_docs:filters.q_number')} value={state.q} maxlength={60} />
          {/* Column headers sort too; on a phone they are hidden, so the order is also a plain choice here. */}
          <Select ui={ui} name="sort" label={t('portal_docs:filters.sort')} value={sortText(state.sort)}
            options={props.sorts.flatMap((key) => [
              { value: `-${key}`, label: t(`portal_docs:sorts.${key}_desc`) },
              { value: key, label: t(`portal_docs:sorts.${key}_asc`) },
            ])} />
        </div>
      </fieldset>
      <StateInputs params={keep} skip={['period', 'from', 'to', 'status', 'project', 'min', 'max', 'q', 'sort', 'page']} />
      <div class="actions">
        <button type="submit" class="primary">{t('portal_docs:filters.apply')}</button>
        <a href={url} hx-get={url} hx-target={`#${LIST_REGION_ID}`} hx-swap="outerHTML" hx-push-url="true">{t('portal_docs:filters.clear')}</a>
      </div>
    </form>
  );
}

/**
 * The Columns chooser. A member's choice is remembered (POST, then back to the list); a staff
 * preview records nothing, so there it only changes this page's URL (GET with `cols`).
 */
export function ColumnsChooser(props: PortalListView) {
  const { ui, list, state } = props;
  const { t } = ui;
  const url = props.portal.base + LIST_SPECS[list].path;
  const preview = props.portal.preview !== null;
  const shown = new Set(props.columns);
  return (
    <details class="columns-chooser no-print">
      <summary>{t('portal_docs:columns.choose')}</summary>
      <form method={preview ? 'get' : 'post'} action={preview ? url : `${url}/columns`}>
        <StateInputs params={listParams(list, state, { cols: false })} skip={['page']} />
        <input type="hidden" name="cols" value="" />
        <fieldset class="plain">
          <legend class="visually-hidden">{t('portal_docs:columns.choose')}</legend>
          <ul class="checks">
            {props.available.map((col) => (
              <li>
                <input type="checkbox" id={`col-${col}`} name="cols" value={col} checked={shown.has(col)} />
                <label for={`col-${col}`}>{t(`portal_docs:columns.${col}`)}</label>
              </li>
            ))}
          </ul>
        </fieldset>
        <button type="submit">{t(preview ? 'portal_docs:columns.show' : 'portal_docs:columns.save')}</button>
        {preview ? null : <p class="hint">{t('portal_docs:columns.remembered')}</p>}
        {state.cols !== null && !preview ? (
          <p class="hint"><a href={listHref(props.portal.base, list, state, {}, { cols: false })}>{t('portal_docs:columns.use_saved')}</a></p>
        ) : null}
      </form>
    </details>
  );
}
