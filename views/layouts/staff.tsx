import type { Child } from 'hono/jsx';
import type { StaffWithBell } from '../../src/notifications/bell.js';
import type { Ui } from '../../src/web/ui.js';
import { NotificationBell } from '../notifications/bell.js';
import { Base } from './base.js';
import { StaffLanguageForm } from '../components/brand-settings.js';
import { Flash, type FlashMessage } from '../components/flash.js';

/** Which staff menu entry is current. */
export type StaffSection = 'home' | 'clients' | 'invoices' | 'estimates' | 'credit_notes' | 'payments' | 'settings' | 'preview' | 'notifications' | 'tickets' | 'messages';

const MENU: Array<{ section: StaffSection; href: string; key: string }> = [
  { section: 'home', href: '/', key: 'common:nav.home' },
  { section: 'clients', href: '/clients', key: 'common:nav.clients' },
  { section: 'invoices', href: '/invoices', key: 'common:nav.invoices' },
  { section: 'estimates', href: '/estimates', key: 'common:nav.estimates' },
  { section: 'credit_notes', href: '/credit-notes', key: 'common:nav.credit_notes' },
  { section: 'payments', href: '/payments', key: 'common:nav.payments' },
  { section: 'tickets', href: '/tickets', key: 'tickets:nav' },
  { section: 'messages', href: '/messages', key: 'messages:nav' },
  { section: 'settings', href: '/settings', key: 'common:nav.settings' },
  { section: 'preview', href: '/preview', key: 'common:nav.preview' },
];

/** The staff menu's links, the current section marked. */
function StaffMenu(props: { ui: Ui; section: StaffSection }) {
  return (
    <ul class="menu">
      {MENU.map((m) => (
        <li>
          <a href={m.href} aria-current={m.section === props.section ? 'page' : undefined}>{props.ui.t(m.key)}</a>
        </li>
      ))}
    </ul>
  );
}

/** Layout of every signed-in staff page: menu, user, flash, main content. */
export function StaffLayout(props: { ui: Ui; staff: StaffWithBell & { pagePath?: string | undefined }; title: string; section: StaffSection; flash?: FlashMessage | null; children: Child }) {
  const { t } = props.ui;
  return (
    <Base ui={props.ui} title={props.title} bodyClass="staff">
      <a class="skip-link" href="#main">{t('common:skip_to_content')}</a>
      <header class="topbar staff-bar">
        <a class="brand" href="/">Stoa</a>
        {/* The menu twice, one shown at a time: a row of links on a wide screen, a disclosure on a phone (works without JS). */}
        <nav class="menu-wide" aria-label={t('common:nav.label')} hx-boost="true">
          <StaffMenu ui={props.ui} section={props.section} />
        </nav>
        <details class="menu-narrow">
          <summary><span class="menu-icon" aria-hidden="true" />{t('common:nav.menu')}</summary>
          <nav aria-label={t('common:nav.label')} hx-boost="true">
            <StaffMenu ui={props.ui} section={props.section} />
          </nav>
        </details>
        <div class="user">
          <NotificationBell ui={props.ui} count={props.staff.unreadNotifications} current={props.section === 'notifications'} />
          <StaffLanguageForm ui={props.ui} back={props.staff.pagePath} />
          <span>{props.staff.name}</span>
          <form method="post" action="/logout">
            <button type="submit" class="link">{t('common:sign_out')}</button>
          </form>
        </div>
      </header>
      <main id="main" tabindex={-1}>
        <div aria-live="polite" id="flash">{props.flash ? <Flash message={props.flash} ui={props.ui} /> : null}</div>
        {props.children}
      </main>
    </Base>
  );
}
