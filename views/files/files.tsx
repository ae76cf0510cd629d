import type { Client, StaffUser } from '../../src/db/schema.js';
import type { FileRow } from '../../src/db/schema-service.js';
import { MAX_UPLOAD_MB } from '../../src/files/limits.js';
import type { ListedFile, UploadField, UploadValues } from '../../src/files/service.js';
import type { Ui } from '../../src/web/ui.js';
import { ClientFrame, type ClientNav } from '../clients/client-frame.js';
import type { FlashMessage } from '../components/flash.js';
import { ErrorSummary, Select } from '../components/form.js';
import { Pager } from '../components/pager.js';

/** What an upload can be attached to (the client's active records). */
export interface UploadTargets {
  projects: Array<{ id: number; name: string }>;
  contracts: Array<{ id: number; name: string }>;
  sites: Array<{ id: number; name: string }>;
  reports: Array<{ id: number; name: string }>;
}

/** Where the upload form sends the browser back to after a success. */
export type UploadReturn = 'files' | 'contract' | 'report';

const sizeFormats = new Map<string, Intl.NumberFormat>();

/** A file size for reading ("245 kB", "3.4 MB"). */
export function FileSize(props: { ui: Ui; bytes: number }) {
  const big = props.bytes >= 1_000_000;
  const key = props.ui.locale + (big ? 'MB' : 'kB');
  let f = sizeFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(props.ui.locale, { style: 'unit', unit: big ? 'megabyte' : 'kilobyte', maximumFractionDigits: 1 });
    sizeFormats.set(key, f);
  }
  return <span class="num">{f.format(big ? props.bytes / 1_000_000 : Math.max(0.1, props.bytes / 1000))}</span>;
}

/** The kind of a file for reading ("PDF", "Image", "Word document"…). */
export function kindLabel(ui: Ui, kind: FileRow['kind']): string {
  return ui.t(`files:kinds.${kind}`);
}

/**
 * The staff upload form: a file (10 MB at most, said on the form), whether the client sees it,
 * and what it belongs to. On a contract or report page the link is fixed (a hidden field).
 */
export function UploadForm(props: {
  ui: Ui;
  clientId: number;
  targets?: UploadTargets;
  fixed?: { field: 'contract_id' | 'service_report_id'; id: number; returnTo: UploadReturn };
  values?: UploadValues;
  errors?: Partial<Record<UploadField, string>>;
  message?: string | null;
}) {
  const { ui } = props;
  const { t } = ui;
  const v = props.values ?? {};
  const errors = props.errors as Record<string, string> | undefined;
  const fileError = errors?.file;
  const sharedOn = v.shared === undefined ? props.fixed !== undefined : ['1', 'on', 'true'].includes(v.shared);
  const targets = props.targets;
  return (
    <form method="post" action={`/clients/${props.clientId}/files`} enctype="multipart/form-data" class="upload-form" novalidate>
      {props.message ? (
        <div class="error-summary" role="alert"><p>{t(props.message, { mb: MAX_UPLOAD_MB })}</p></div>
      ) : <ErrorSummary ui={ui} errors={errors} />}
      {props.fixed ? (
        <>
          <input type="hidden" name={props.fixed.field} value={String(props.fixed.id)} />
          <input type="hidden" name="return_to" value={props.fixed.returnTo} />
        </>
      ) : <input type="hidden" name="return_to" value="files" />}
      <div class="form-grid">
        <div class={fileError ? 'field has-error' : 'field'}>
          <label for="f-file">{t('files:fields.file')}<span aria-hidden="true"> *</span></label>
          <input id="f-file" type="file" name="file" required aria-invalid={fileError ? 'true' : undefined}
            aria-describedby={fileError ? 'f-file-hint f-file-error' : 'f-file-hint'}
            accept=".pdf,.png,.jpg,.jpeg,.webp,.gif,.txt,.csv,.docx,.xlsx,application/pdf,image/png,image/jpeg,image/webp,image/gif,text/plain,text/csv" />
          <p class="hint" id="f-file-hint">{t('files:limit_hint', { mb: MAX_UPLOAD_MB })}</p>
          {fileError ? <p class="error" id="f-file-error">{t(fileError, { mb: MAX_UPLOAD_MB })}</p> : null}
        </div>
        {targets ? (
          <>
            <Select ui={ui} name="project_id" label={t('files:fields.project')} value={v.project_id} errors={errors} options={targets.projects.map((x) => ({ value: x.id, label: x.name }))} empty={t('files:none_selected')} />
            <Select ui={ui} name="contract_id" label={t('files:fields.contract')} value={v.contract_id} errors={errors} options={targets.contracts.map((x) => ({ value: x.id, label: x.name }))} empty={t('files:none_selected')} />
            <Select ui={ui} name="site_id" label={t('files:fields.site')} value={v.site_id} errors={errors} options={targets.sites.map((x) => ({ value: x.id, label: x.name }))} empty={t('files:none_selected')} />
            <Select ui={ui} name="service_report_id" label={t('files:fields.service_report')} value={v.service_report_id} errors={errors} options={targets.reports.map((x) => ({ value: x.id, label: x.name }))} empty={t('files:none_selected')} />
          </>
        ) : null}
        <div class={errors?.shared ? 'field has-error' : 'field'}>
          <input type="hidden" name="shared" value="0" />
          <label for="f-shared"><input id="f-shared" type="checkbox" name="shared" value="1" checked={sharedOn} /> {t('files:fields.shared')}</label>
          <p class="hint">{t('files:shared_hint')}</p>
          {errors?.shared ? <p class="error">{t(errors.shared)}</p> : null}
        </div>
      </div>
      <p class="actions"><button type="submit" class="primary">{t('files:upload_button')}</button></p>
    </form>
  );
}

/** What a file is attached to, in a few words. */
function attachedTo(ui: Ui, f: ListedFile): string {
  const parts: string[] = [];
  if (f.project_name) parts.push(ui.t('files:attached.project', { name: f.project_name }));
  if (f.contract_title) parts.push(ui.t('files:attached.contract', { name: f.contract_title }));
  if (f.site_name) parts.push(ui.t('files:attached.site', { name: f.site_name }));
  if (f.service_report_date) parts.push(ui.t('files:attached.service_report', { date: ui.date(f.service_report_date) }));
  return parts.join(' · ') || '—';
}

/** Share/unshare and archive buttons of one file (staff). */
function FileActions(props: { ui: Ui; file: FileRow; back: UploadReturn }) {
  const { t } = props.ui;
  const f = props.file;
  return (
    <div class="actions">
      <form method="post" action={`/files/${f.id}/share`}>
        <input type="hidden" name="shared" value={f.shared ? '0' : '1'} />
        <input type="hidden" name="return_to" value={props.back} />
        <button type="submit" class="secondary">{f.shared ? t('files:unshare') : t('files:share')}</button>
      </form>
      <form method="post" action={`/files/${f.id}/archive`} data-confirm={t('files:archive_confirm')}>
        <input type="hidden" name="return_to" value={props.back} />
        <button type="submit" class="danger">{t('files:archive')}</button>
      </form>
    </div>
  );
}

/** The staff table of files: name (download), kind, size, attached to, shared, uploaded, actions. */
export function StaffFileTable(props: { ui: Ui; files: ListedFile[]; back: UploadReturn; archived?: boolean }) {
  const { ui } = props;
  const { t } = ui;
  return (
    <table class="responsive files">
      <thead>
        <tr>
          <th scope="col">{t('files:fields.name')}</th>
          <th scope="col">{t('files:fields.kind')}</th>
          <th scope="col" class="num">{t('files:fields.size')}</th>
          {props.back === 'files' ? <th scope="col">{t('files:fields.attached_to')}</th> : null}
          <th scope="col">{t('files:fields.shared')}</th>
          <th scope="col">{t('files:fields.uploaded')}</th>
          {props.archived ? null : <th scope="col"><span class="visually-hidden">{t('common:actions')}</span></th>}
        </tr>
      </thead>
      <tbody>
        {props.files.map((f) => (
          <tr>
            <td data-label={t('files:fields.name')}><a href={`/files/${f.id}`} download>{f.name}</a></td>
            <td data-label={t('files:fields.kind')}>{kindLabel(ui, f.kind)}</td>
            <td data-label={t('files:fields.size')} class="num"><FileSize ui={ui} bytes={f.size_bytes} /></td>
            {props.back === 'files' ? <td data-label={t('files:fields.attached_to')}>{attachedTo(ui, f)}</td> : null}
            <td data-label={t('files:fields.shared')}>{f.shared ? <span class="badge badge-active">{t('files:shared_yes')}</span> : t('files:shared_no')}</td>
            <td data-label={t('files:fields.uploaded')}>{ui.dateTime(f.created_at)}</td>
            {props.archived ? null : <td class="row-actions"><FileActions ui={ui} file={f} back={props.back} /></td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** /clients/:id/files: the client's documents, the upload form, and the archived ones on their own page. */
export function FilesTab(props: {
  ui: Ui;
  staff: StaffUser;
  client: Client;
  nav: ClientNav;
  files: ListedFile[];
  page: number;
  hasNext: boolean;
  archived: boolean;
  targets: UploadTargets;
  values?: UploadValues;
  errors?: Partial<Record<UploadField, string>>;
  message?: string | null;
  flash?: FlashMessage | null;
}) {
  const { ui, client } = props;
  const { t } = ui;
  const base = `/clients/${client.id}/files`;
  return (
    <ClientFrame ui={ui} staff={props.staff} client={client} nav={props.nav} tab="files" flash={props.flash}>
      <div class="toolbar">
        <h2>{props.archived ? t('files:archived_title') : t('files:title')}</h2>
        {props.archived ? <a href={base}>{t('files:show_active')}</a> : <a href={`${base}?archived=1`}>{t('files:show_archived')}</a>}
      </div>
      {props.files.length === 0 ? <p class="empty">{props.archived ? t('files:none_archived') : t('files:none')}</p> : (
        <StaffFileTable ui={ui} files={props.files} back="files" archived={props.archived} />
      )}
      <Pager ui={ui} page={props.page} hasNext={props.hasNext} href={(p) => `${base}?${props.archived ? 'archived=1&' : ''}page=${p}`} />
      {props.archived ? null : (
        <section aria-labelledby="upload-h" id="upload">
          <h3 id="upload-h">{t('files:upload_title')}</h3>
          <UploadForm ui={ui} clientId={client.id} targets={props.targets} values={props.values} errors={props.errors} message={props.message} />
        </section>
      )}
    </ClientFrame>
  );
}

/** Files attached to a contract or a report, with an upload form fixed to it (staff record pages). */
export function AttachmentsSection(props: { ui: Ui; clientId: number; files: ListedFile[]; fixed: { field: 'contract_id' | 'service_report_id'; id: number; returnTo: UploadReturn } }) {
  const { ui } = props;
  const { t } = ui;
  return (
    <section aria-labelledby="attachments-h" class="attachments">
      <h3 id="attachments-h">{t('files:attachments')}</h3>
      {props.files.length === 0 ? <p class="empty">{t('files:no_attachments')}</p> : <StaffFileTable ui={ui} files={props.files} back={props.fixed.returnTo} />}
      <details class="upload-details">
        <summary>{t('files:attach')}</summary>
        <UploadForm ui={ui} clientId={props.clientId} fixed={props.fixed} />
      </details>
    </section>
  );
}
