import type { Client, StaffUser } from '../../src/db/schema.js';
import { toMajorString } from '../../src/money/money.js';
import type { FirmRate } from '../../src/work/service.js';
import { WORK_LIMITS } from '../../src/work/validation.js';
import type { Ui } from '../../src/web/ui.js';
import type { ClientNav } from '../clients/client-frame.js';
import type { FlashMessage } from '../components/flash.js';
import { ErrorSummary, Field } from '../components/form.js';
import { Money } from '../components/money.js';
import { StaffLayout } from '../layouts/staff.js';
import { WorkFrame } from './work-frame.js';

/** A project as its setup shows it: rate (if its own, in the client's currency) and tasks. */
export interface ProjectSetup {
  id: number;
  name: string;
  rate: { hourly_rate: number; currency: string } | null;
  tasks: Array<{ id: number; name: string }>;
}

/** A refused setup form, shown again on its project with what was typed. */
export interface SetupFormState { projectId: number; form: 'rate' | 'task'; value: string; errors: Record<string, string> }

/** A labelled input with an id of its own (each project has the same two forms on one page). */
function SetupInput(props: { ui: Ui; id: string; name: string; label: string; value: string; error?: string; hint?: string; inputmode?: 'decimal'; maxlength?: number }) {
  const described = [props.error ? `${props.id}-error` : null, props.hint ? `${props.id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={props.id}>{props.label}</label>
      <input id={props.id} name={props.name} value={props.value} inputmode={props.inputmode} maxlength={props.maxlength ?? 64} autocomplete="off"
        aria-invalid={props.error ? 'true' : undefined} aria-describedby={described} />
      {props.hint ? <p class="hint" id={`${props.id}-hint`}>{props.hint}</p> : null}
      {props.error ? <p class="error" id={`${props.id}-error`}>{props.ui.t(props.error)}</p> : null}
    </div>
  );
}

/** /clients/:id/work/setup: each project's hourly rate and task list. */
export function SetupSection(props: { ui: Ui; staff: StaffUser; client: Client; nav: ClientNav; projects: ProjectSetup[]; firmRate: FirmRate | null; refused?: SetupFormState | null; flash?: FlashMessage | null }) {
  const { ui, client } = props;
  const { t } = ui;
  const firm = props.firmRate;
  return (
    <WorkFrame ui={ui} staff={props.staff} client={client} nav={props.nav} section="setup" flash={props.flash}>
      <h2>{t('work:setup.title')}</h2>
      <p>
        {firm ? t('work:setup.firm_rate', { rate: ui.money(firm.hourly_rate, firm.currency) }) : t('work:setup.no_firm_rate')}{' '}
        <a href="/work/rate">{t('work:setup.change_firm_rate')}</a>
      </p>
      {firm && firm.currency !== client.currency ? <p class="hint">{t('work:setup.firm_rate_other_currency', { currency: client.currency })}</p> : null}
      {props.projects.length === 0 ? <p class="empty">{t('work:time.no_projects')} <a href={`/clients/${client.id}/projects`}>{t('work:time.add_project')}</a></p> : null}
      {props.projects.map((p) => {
        const refused = props.refused?.projectId === p.id ? props.refused : null;
        const rateErrors = refused?.form === 'rate' ? refused.errors : undefined;
        const taskErrors = refused?.form === 'task' ? refused.errors : undefined;
        const ownRate = p.rate && p.rate.currency === client.currency ? p.rate : null;
        return (
          <section class="project-setup" aria-labelledby={`project-${p.id}`}>
            <h3 id={`project-${p.id}`}>{p.name}</h3>
            <form method="post" action={`/clients/${client.id}/work/rates`} class="toolbar" novalidate>
              <input type="hidden" name="project_id" value={String(p.id)} />
              <ErrorSummary ui={ui} errors={rateErrors} />
              <SetupInput ui={ui} id={`rate-${p.id}`} name="hourly_rate" label={t('work:setup.hourly_rate', { currency: client.currency })} inputmode="decimal"
                value={refused?.form === 'rate' ? refused.value : ownRate ? toMajorString(ownRate.hourly_rate, ownRate.currency) : ''} error={rateErrors?.hourly_rate}
                hint={ownRate ? t('work:setup.own_rate') : t('work:setup.uses_firm_rate')} />
              <button type="submit" class="secondary">{t('work:setup.save_rate')}</button>
            </form>
            <h4>{t('work:setup.tasks')}</h4>
            {p.tasks.length === 0 ? <p class="empty">{t('work:setup.no_tasks')}</p> : (
              <ul class="task-list">
                {p.tasks.map((task) => (
                  <li>
                    {task.name}{' '}
                    <form method="post" action={`/project-tasks/${task.id}/archive`} class="inline">
                      <button type="submit" class="link">{t('work:setup.remove_task', { name: task.name })}</button>
                    </form>
                  </li>
                ))}
              </ul>
            )}
            <form method="post" action={`/clients/${client.id}/work/tasks`} class="toolbar" novalidate>
              <input type="hidden" name="project_id" value={String(p.id)} />
              <ErrorSummary ui={ui} errors={taskErrors} />
              <SetupInput ui={ui} id={`task-${p.id}`} name="name" label={t('work:setup.new_task')} value={refused?.form === 'task' ? refused.value : ''} error={taskErrors?.name} maxlength={WORK_LIMITS.task} />
              <button type="submit" class="secondary">{t('work:setup.add_task')}</button>
            </form>
          </section>
        );
      })}
    </WorkFrame>
  );
}

/** /work/rate: the firm's default hourly rate, used where a project has no rate of its own. */
export function FirmRatePage(props: { ui: Ui; staff: StaffUser; rate: FirmRate | null; values: { hourly_rate: string; currency: string }; errors?: Record<string, string>; flash?: FlashMessage | null }) {
  const { ui } = props;
  const { t } = ui;
  return (
    <StaffLayout ui={ui} staff={props.staff} title={t('work:firm_rate.title')} section="settings" flash={props.flash}>
      <h1>{t('work:firm_rate.title')}</h1>
      <p>{t('work:firm_rate.intro')}</p>
      <p>{props.rate ? <>{t('work:firm_rate.current')} <Money ui={ui} minor={props.rate.hourly_rate} currency={props.rate.currency} /></> : t('work:setup.no_firm_rate')}</p>
      <form method="post" action="/work/rate" novalidate>
        <ErrorSummary ui={ui} errors={props.errors} />
        <div class="form-grid">
          <Field ui={ui} name="hourly_rate" label={t('work:firm_rate.rate')} value={props.values.hourly_rate} errors={props.errors} inputmode="decimal" maxlength={64} hint={t('work:firm_rate.clear_hint')} autocomplete="off" />
          <Field ui={ui} name="currency" label={t('work:firm_rate.currency')} value={props.values.currency} errors={props.errors} maxlength={3} autocomplete="off" />
        </div>
        <p class="actions"><button type="submit" class="primary">{t('common:save')}</button></p>
      </form>
    </StaffLayout>
  );
}

