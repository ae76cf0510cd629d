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

/** Layout of every signed-in staff page: menu, user, flash, main content. */
export function StaffLayout(props: { ui: Ui; staff: StaffWithBell; title: string; section: StaffSection; flash?: FlashMessage | null; children: Child }) {
  const { t } = props.ui;
  return (
    <Base ui={props.ui} title={props.title}>
      <a class="skip-link" href="#main">{t('common:skip_to_content')}</a>
      <header class="topbar">
        <a class="brand" href="/">Stoa</a>
        <nav aria-label={t('common:nav.label')} hx-boost="true">
          <ul class="menu">
            {MENU.map((m) => (
              <li>
                <a href={m.href} aria-current={m.section === props.section ? 'page' : undefined}>{t(m.key)}</a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="user">
          <NotificationBell ui={props.ui} count={props.staff.unreadNotifications} current={props.section === 'notifications'} />
          <StaffLanguageForm ui={props.ui} />
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
