import type { Child } from 'hono/jsx';
import type { Client, StaffUser } from '../../src/db/schema.js';
import type { ContractStatus, WarrantyStatus } from '../../src/service-records/status.js';
import type { Ui } from '../../src/web/ui.js';
import { ClientFrame, type ClientNav } from '../clients/client-frame.js';
import type { FlashMessage } from '../components/flash.js';

/** The service records of a client, each its own URL under the client's "Service" tab. */
export const SERVICE_SECTIONS = [
  { section: 'reports', path: '/service-reports', key: 'service:nav.reports' },
  { section: 'contracts', path: '/contracts', key: 'service:nav.contracts' },
  { section: 'equipment', path: '/equipment', key: 'service:nav.equipment' },
  { section: 'sites', path: '/sites', key: 'service:nav.sites' },
] as const;

/** One section of the Service tab. */
export type ServiceSection = (typeof SERVICE_SECTIONS)[number]['section'];

/** The client's frame on its Service tab, with the sections' own navigation. */
export function ServiceFrame(props: { ui: Ui; staff: StaffUser; client: Client; nav: ClientNav; section: ServiceSection; flash?: FlashMessage | null; children: Child }) {
  const { t } = props.ui;
  return (
    <ClientFrame ui={props.ui} staff={props.staff} client={props.client} nav={props.nav} tab="service" flash={props.flash}>
      <nav class="subnav" aria-label={t('service:nav.label')}>
        <ul>
          {SERVICE_SECTIONS.map((s) => (
            <li><a href={`/clients/${props.client.id}${s.path}`} aria-current={s.section === props.section ? 'page' : undefined}>{t(s.key)}</a></li>
          ))}
        </ul>
      </nav>
      {props.children}
    </ClientFrame>
  );
}

/** A labelled group of checkboxes (sites or equipment a record covers), sending repeated `name` values. */
export function CheckboxGroup(props: {
  ui: Ui;
  name: string;
  legend: string;
  options: Array<{ id: number; label: string }>;
  checked: readonly string[];
  error?: string;
  empty: string;
}) {
  const id = `f-${props.name}`;
  return (
    <fieldset class={props.error ? 'field checks has-error' : 'field checks'} aria-describedby={props.error ? `${id}-error` : undefined}>
      <legend>{props.legend}</legend>
      {props.options.length === 0 ? <p class="hint">{props.empty}</p> : (
        <ul class="checks">
          {props.options.map((o) => (
            <li>
              <label>
                <input type="checkbox" name={props.name} value={String(o.id)} checked={props.checked.includes(String(o.id))} /> {o.label}
              </label>
            </li>
          ))}
        </ul>
      )}
      {props.error ? <p class="error" id={`${id}-error`}>{props.ui.t(props.error)}</p> : null}
    </fieldset>
  );
}

/** A contract's status badge. */
export function ContractBadge(props: { ui: Ui; status: ContractStatus }) {
  const css = props.status === 'active' ? 'badge-active' : props.status === 'expired' ? 'badge-expired' : 'badge-void';
  return <span class={`badge ${css}`}>{props.ui.t(`service:contract_status.${props.status}`)}</span>;
}

/** A warranty's badge (nothing when no warranty is recorded). */
export function WarrantyBadge(props: { ui: Ui; status: WarrantyStatus }) {
  if (props.status === 'none') return null;
  return <span class={`badge ${props.status === 'in_warranty' ? 'badge-active' : 'badge-expired'}`}>{props.ui.t(`service:warranty.${props.status}`)}</span>;
}

/** Text typed on several lines, shown with its line breaks (CSS pre-line). */
export function Multiline(props: { text: string | null }) {
  return props.text ? <p class="multiline">{props.text}</p> : <p>—</p>;
}

/** "Name, Name, Name" of a short list, or a dash. */
export function NameList(props: { items: ReadonlyArray<{ name: string }> }) {
  return <>{props.items.length ? props.items.map((x) => x.name).join(', ') : '—'}</>;
}
