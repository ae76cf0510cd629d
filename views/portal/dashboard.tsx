import type { AccountHealth, DashboardData, RecentDocument } from '../../src/portal/dashboard.js';
import { portalDocumentPath } from '../../src/portal/dashboard-rules.js';
import type { PortalView } from '../../src/portal/context.js';
import { mayView, VISIBILITY_KEYS } from '../../src/portal-access/visibility.js';
import type { Ui } from '../../src/web/ui.js';
import { DateText, Money } from '../components/money.js';
import { StatusBadge } from '../documents/status-badge.js';
import { PortalLayout } from '../layouts/portal.js';

const KIND_KEYS = { invoice: 'portal_home:kinds.invoice', estimate: 'portal_home:kinds.estimate', credit_note: 'portal_home:kinds.credit_note' } as const;

/** "Pay now": a link to the payment page; a disabled button in a staff preview (nothing may be paid there). */
function PayNow(props: { ui: Ui; portal: PortalView }) {
  const { t } = props.ui;
  const label = t('portal_home:pay_now');
  if (props.portal.preview) return <button type="button" class="primary" disabled>{label}</button>;
  return <a class="button primary" href={`${props.portal.base}/pay`}>{label}</a>;
}

/** Amount due, overdue and credit tiles in the client's currency. */
function Figures(props: { ui: Ui; portal: PortalView; data: DashboardData }) {
  const { t } = props.ui;
  const f = props.data.figures;
  if (!f) return null;
  const currency = props.portal.client.currency;
  return (
    <section aria-label={t('portal_home:figures_title')} class="portal-figures">
      <div class="tiles">
        <div class="tile tile-due"><h2>{t('portal_home:amount_due')}</h2><p class="figure" data-figure="amount_due"><Money ui={props.ui} minor={f.amountDue} currency={currency} /></p></div>
        <div class={f.overdue > 0 ? 'tile tile-overdue has-overdue' : 'tile tile-overdue'}><h2>{t('portal_home:overdue')}</h2><p class="figure" data-figure="overdue"><Money ui={props.ui} minor={f.overdue} currency={currency} /></p></div>
        <div class="tile tile-credit"><h2>{t('portal_home:credit')}</h2><p class="figure" data-figure="credit"><Money ui={props.ui} minor={f.credit} currency={currency} /></p></div>
      </div>
      {props.data.payAll && f.amountDue > 0 ? (
        <p class="actions pay-now"><PayNow ui={props.ui} portal={props.portal} /></p>
      ) : null}
      {f.amountDue === 0 ? <p class="hint">{t('portal_home:nothing_due')}</p> : null}
    </section>
  );
}

/** Account health (contracts, sites, tickets, last service): renders only when the firm uses service records. */
function AccountHealthTiles(props: { ui: Ui; health: AccountHealth | null }) {
  if (!props.health || props.health.tiles.length === 0) return null;
  const { t } = props.ui;
  return (
    <section aria-labelledby="health-h" class="account-health">
      <h2 id="health-h">{t('portal_home:health_title')}</h2>
      <div class="tiles">
        {props.health.tiles.map((tile) => <div class="tile"><h3>{t(tile.key)}</h3><p class="figure">{tile.date && typeof tile.value === 'string' ? <DateText ui={props.ui} date={tile.value} /> : String(tile.value)}</p></div>)}
      </div>
    </section>
  );
}

function QuickActions(props: { ui: Ui; portal: PortalView; data: DashboardData }) {
  const { t } = props.ui;
  if (props.data.quickActions.length === 0) return null;
  return (
    <section aria-labelledby="quick-h" class="quick-actions">
      <h2 id="quick-h">{t('portal_home:quick_title')}</h2>
      <ul class="quick-list">
        {props.data.quickActions.map((a) => <li><a class="button" data-action={a.id} href={`${props.portal.base}${a.path}`}>{t(a.key)}</a></li>)}
      </ul>
    </section>
  );
}

function RecentDocuments(props: { ui: Ui; portal: PortalView; rows: RecentDocument[] }) {
  const { ui } = props;
  const { t } = ui;
  return (
    <section aria-labelledby="recent-h" class="recent-documents">
      <h2 id="recent-h">{t('portal_home:recent_title')}</h2>
      {props.rows.length === 0 ? (
        <p class="empty">{t('portal_home:recent_empty')}</p>
      ) : (
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t('portal_home:columns.document')}</th>
              <th scope="col">{t('portal_home:columns.date')}</th>
              <th scope="col">{t('portal_home:columns.status')}</th>
              <th scope="col" class="num">{t('portal_home:columns.total')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((d) => (
              <tr>
                <td data-label={t('portal_home:columns.document')}>
                  <span class="cell-value">
                    <span class="muted">{t(KIND_KEYS[d.kind])}</span>{' '}
                    <a href={`${props.portal.base}${portalDocumentPath(d.kind, d.id)}`}>{d.number ?? `#${d.id}`}</a>
                  </span>
                </td>
                <td data-label={t('portal_home:columns.date')}><DateText ui={ui} date={d.issue_date} /></td>
                <td data-label={t('portal_home:columns.status')}><StatusBadge ui={ui} status={d.shownStatus} overdue={d.overdue} /></td>
                <td class="num" data-label={t('portal_home:columns.total')}><Money ui={ui} minor={d.total} currency={d.currency} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The portal's first page after sign-in: figures, Pay now, account health, quick actions, latest documents. */
export function PortalDashboard(props: { ui: Ui; portal: PortalView; data: DashboardData }) {
  const { t } = props.ui;
  const p = props.portal;
  const d = props.data;
  // What the firm shares, including sections whose pages come later (documents, contracts…).
  const shared = VISIBILITY_KEYS.filter((k) => k !== 'balances' && mayView(p.access, p.settings, k));
  return (
    <PortalLayout ui={props.ui} portal={p} title={t('portal:dashboard.title')} section="dashboard">
      <h1>{t('portal:dashboard.welcome', { name: p.user.name })}</h1>
      <p>{t('portal:dashboard.account_of', { client: p.client.name })}</p>
      <Figures ui={props.ui} portal={p} data={d} />
      <AccountHealthTiles ui={props.ui} health={d.health} />
      <QuickActions ui={props.ui} portal={p} data={d} />
      {d.recent.length > 0 || d.figures ? <RecentDocuments ui={props.ui} portal={p} rows={d.recent} /> : null}
      {shared.length === 0 ? (
        <p class="empty">{t('portal:dashboard.nothing_shared', { firm: p.firmName })}</p>
      ) : (
        <section aria-labelledby="shared-h" class="shared-sections">
          <h2 id="shared-h">{t('portal:dashboard.shared_with_you')}</h2>
          <ul class="shared-list">
            {shared.map((k) => <li>{t(`portal:sections.${k}`)}</li>)}
          </ul>
        </section>
      )}
    </PortalLayout>
  );
}

