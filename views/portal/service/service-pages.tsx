import type { PortalView } from '../../../src/portal/context.js';
import type { ListedFile } from '../../../src/files/service.js';
import type { ContractWithCoverage, ListedEquipment, ReportWithEquipment } from '../../../src/service-records/service.js';
import { contractStatus, warrantyStatus } from '../../../src/service-records/status.js';
import type { Ui } from '../../../src/web/ui.js';
import { DateText, Money } from '../../components/money.js';
import { Pager } from '../../components/pager.js';
import { FileSize, kindLabel } from '../../files/files.js';
import { PortalLayout } from '../../layouts/portal.js';
import { ContractBadge, Multiline, NameList, WarrantyBadge } from '../../service-records/parts.js';

const pageHref = (path: string) => (p: number) => (p > 1 ? `${path}?page=${p}` : path);

/** <base>/contracts: the client's contracts, their period, coverage and status (value only with "view finances"). */
export function PortalContractsPage(props: { ui: Ui; portal: PortalView; contracts: ContractWithCoverage[]; showValue: boolean; today: string }) {
  const { ui, portal } = props;
  const { t } = ui;
  return (
    <PortalLayout ui={ui} portal={portal} title={t('service:portal.contracts.title')} section="contracts">
      <h1>{t('service:portal.contracts.title')}</h1>
      {props.contracts.length === 0 ? <p class="empty">{t('service:portal.contracts.none')}</p> : (
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t('service:contracts.fields.title')}</th>
              <th scope="col">{t('service:contracts.period')}</th>
              <th scope="col">{t('service:contracts.fields.renewal_date')}</th>
              <th scope="col">{t('service:contracts.fields.site_ids')}</th>
              <th scope="col">{t('service:contracts.fields.equipment_ids')}</th>
              {props.showValue ? <th scope="col" class="num">{t('service:contracts.fields.value')}</th> : null}
              <th scope="col">{t('service:status')}</th>
            </tr>
          </thead>
          <tbody>
            {props.contracts.map((k) => (
              <tr>
                <td data-label={t('service:contracts.fields.title')}>{k.title}{k.number ? <span class="hint"> {k.number}</span> : null}</td>
                <td data-label={t('service:contracts.period')}><DateText ui={ui} date={k.period_start} /> – <DateText ui={ui} date={k.period_end} /></td>
                <td data-label={t('service:contracts.fields.renewal_date')}><DateText ui={ui} date={k.renewal_date} /></td>
                <td data-label={t('service:contracts.fields.site_ids')}><NameList items={k.sites} /></td>
                <td data-label={t('service:contracts.fields.equipment_ids')}><NameList items={k.equipment} /></td>
                {props.showValue ? <td class="num" data-label={t('service:contracts.fields.value')}><Money ui={ui} minor={k.value} currency={k.currency} /></td> : null}
                <td data-label={t('service:status')}><ContractBadge ui={ui} status={contractStatus(k, props.today)} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </PortalLayout>
  );
}

/** <base>/equipment: the client's equipment with warranty and contract coverage. */
export function PortalEquipmentPage(props: { ui: Ui; portal: PortalView; equipment: ListedEquipment[]; today: string }) {
  const { ui, portal } = props;
  const { t } = ui;
  return (
    <PortalLayout ui={ui} portal={portal} title={t('service:portal.equipment.title')} section="equipment">
      <h1>{t('service:portal.equipment.title')}</h1>
      {props.equipment.length === 0 ? <p class="empty">{t('service:portal.equipment.none')}</p> : (
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t('service:equipment.fields.name')}</th>
              <th scope="col">{t('service:equipment.fields.model')}</th>
              <th scope="col">{t('service:equipment.fields.serial_number')}</th>
              <th scope="col">{t('service:equipment.fields.site_id')}</th>
              <th scope="col">{t('service:equipment.fields.installed_on')}</th>
              <th scope="col">{t('service:equipment.fields.warranty_until')}</th>
              <th scope="col">{t('service:equipment.contract')}</th>
            </tr>
          </thead>
          <tbody>
            {props.equipment.map((e) => (
              <tr>
                <td data-label={t('service:equipment.fields.name')}>{e.name}</td>
                <td data-label={t('service:equipment.fields.model')}>{e.model ?? '—'}</td>
                <td data-label={t('service:equipment.fields.serial_number')}>{e.serial_number ?? '—'}</td>
                <td data-label={t('service:equipment.fields.site_id')}>{e.site_name ?? '—'}</td>
                <td data-label={t('service:equipment.fields.installed_on')}><DateText ui={ui} date={e.installed_on} /></td>
                <td data-label={t('service:equipment.fields.warranty_until')}><DateText ui={ui} date={e.warranty_until} /> <WarrantyBadge ui={ui} status={warrantyStatus(e.warranty_until, props.today)} /></td>
                <td data-label={t('service:equipment.contract')}>{e.contract_title ?? t('service:not_covered')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </PortalLayout>
  );
}

/** <base>/service-reports: the client's service visits, latest first. */
export function PortalReportsPage(props: { ui: Ui; portal: PortalView; reports: ReportWithEquipment[]; attachments: Map<number, number>; page: number; hasNext: boolean }) {
  const { ui, portal } = props;
  const { t } = ui;
  const base = `${portal.base}/service-reports`;
  return (
    <PortalLayout ui={ui} portal={portal} title={t('service:portal.reports.title')} section="service_reports">
      <h1>{t('service:portal.reports.title')}</h1>
      {props.reports.length === 0 ? <p class="empty">{t('service:portal.reports.none')}</p> : (
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t('service:reports.fields.visit_date')}</th>
              <th scope="col">{t('service:reports.fields.site_id')}</th>
              <th scope="col">{t('service:reports.fields.technician')}</th>
              <th scope="col">{t('service:reports.fields.equipment_ids')}</th>
              <th scope="col" class="num">{t('files:attachments')}</th>
            </tr>
          </thead>
          <tbody>
            {props.reports.map((r) => (
              <tr>
                <td data-label={t('service:reports.fields.visit_date')}><a href={`${base}/${r.id}`}><DateText ui={ui} date={r.visit_date} /></a></td>
                <td data-label={t('service:reports.fields.site_id')}>{r.site_name}</td>
                <td data-label={t('service:reports.fields.technician')}>{r.technician}</td>
                <td data-label={t('service:reports.fields.equipment_ids')}><NameList items={r.equipment} /></td>
                <td class="num" data-label={t('files:attachments')}>{props.attachments.get(r.id) ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager ui={ui} page={props.page} hasNext={props.hasNext} href={pageHref(base)} />
    </PortalLayout>
  );
}

/** A list of files to download (name, kind, size), each link built by `href`. */
function DownloadList(props: { ui: Ui; files: ListedFile[]; href: (f: ListedFile) => string }) {
  const { ui } = props;
  return (
    <ul class="downloads">
      {props.files.map((f) => (
        <li><a href={props.href(f)} download>{f.name}</a> <span class="hint">{kindLabel(ui, f.kind)} · <FileSize ui={ui} bytes={f.size_bytes} /></span></li>
      ))}
    </ul>
  );
}

/** <base>/service-reports/:id: one visit, with its shared attachments. */
export function PortalReportPage(props: { ui: Ui; portal: PortalView; report: ReportWithEquipment; files: ListedFile[] }) {
  const { ui, portal } = props;
  const { t } = ui;
  const r = props.report;
  const base = `${portal.base}/service-reports`;
  return (
    <PortalLayout ui={ui} portal={portal} title={t('service:portal.reports.one', { date: ui.date(r.visit_date) })} section="service_reports">
      <p><a href={base}>{t('service:portal.reports.back')}</a></p>
      <h1>{t('service:reports.heading', { date: ui.date(r.visit_date), site: r.site_name })}</h1>
      <dl class="details">
        <dt>{t('service:reports.fields.visit_date')}</dt><dd><DateText ui={ui} date={r.visit_date} /></dd>
        <dt>{t('service:reports.fields.site_id')}</dt><dd>{r.site_name}</dd>
        <dt>{t('service:reports.fields.technician')}</dt><dd>{r.technician}</dd>
        <dt>{t('service:reports.fields.equipment_ids')}</dt><dd><NameList items={r.equipment} /></dd>
      </dl>
      <h2>{t('service:reports.fields.work_done')}</h2>
      <Multiline text={r.work_done} />
      <h2>{t('service:reports.fields.findings')}</h2>
      <Multiline text={r.findings} />
      <h2>{t('files:attachments')}</h2>
      {props.files.length === 0 ? <p class="empty">{t('files:no_attachments')}</p> : (
        <DownloadList ui={ui} files={props.files} href={(f) => `${base}/${r.id}/files/${f.id}`} />
      )}
    </PortalLayout>
  );
}

/** <base>/documents: the files the firm shared with the client, newest first. */
export function PortalDocumentsPage(props: { ui: Ui; portal: PortalView; files: ListedFile[]; page: number; hasNext: boolean }) {
  const { ui, portal } = props;
  const { t } = ui;
  const base = `${portal.base}/documents`;
  return (
    <PortalLayout ui={ui} portal={portal} title={t('files:portal.title')} section="documents">
      <h1>{t('files:portal.title')}</h1>
      {props.files.length === 0 ? <p class="empty">{t('files:portal.none')}</p> : (
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t('files:fields.name')}</th>
              <th scope="col">{t('files:fields.kind')}</th>
              <th scope="col" class="num">{t('files:fields.size')}</th>
              <th scope="col">{t('files:portal.about')}</th>
              <th scope="col">{t('files:portal.added')}</th>
            </tr>
          </thead>
          <tbody>
            {props.files.map((f) => (
              <tr>
                <td data-label={t('files:fields.name')}><a href={`${base}/${f.id}`} download>{f.name}</a></td>
                <td data-label={t('files:fields.kind')}>{kindLabel(ui, f.kind)}</td>
                <td class="num" data-label={t('files:fields.size')}><FileSize ui={ui} bytes={f.size_bytes} /></td>
                <td data-label={t('files:portal.about')}>{[f.project_name, f.contract_title, f.site_name, f.service_report_date ? ui.date(f.service_report_date) : null].filter(Boolean).join(' · ') || '—'}</td>
                <td data-label={t('files:portal.added')}><DateText ui={ui} date={f.created_at.slice(0, 10)} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager ui={ui} page={props.page} hasNext={props.hasNext} href={pageHref(base)} />
    </PortalLayout>
  );
}
