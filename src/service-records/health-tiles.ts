// Which account-health tiles a portal member sees. Pure: every tile asks the visibility rules.

import { mayView, type MemberAccess, type PortalDefaults } from '../portal-access/visibility.js';
import type { AccountHealth } from './health.js';

/** One dashboard tile: its label's key and its value (a date tile holds YYYY-MM-DD, or '—'). */
export interface HealthTile { key: string; value: string | number; date?: boolean }

/** True when the member may see at least one health tile (so the figures are worth loading). */
export function showsHealth(access: MemberAccess, settings: PortalDefaults): boolean {
  return mayView(access, settings, 'contracts') || mayView(access, settings, 'service_reports') || mayView(access, settings, 'tickets');
}

/**
 * The tiles of `health` this member may see: active contracts and sites covered with
 * `contracts`, open requests with `tickets`, last service with `service_reports`.
 */
export function healthTiles(health: AccountHealth, access: MemberAccess, settings: PortalDefaults): HealthTile[] {
  const tiles: HealthTile[] = [];
  if (mayView(access, settings, 'contracts')) {
    tiles.push({ key: 'service:health.active_contracts', value: health.activeContracts });
    tiles.push({ key: 'service:health.sites_covered', value: health.sitesCovered });
  }
  if (health.openTickets !== null && mayView(access, settings, 'tickets')) tiles.push({ key: 'service:health.open_tickets', value: health.openTickets });
  if (mayView(access, settings, 'service_reports')) tiles.push({ key: 'service:health.last_service', value: health.lastService ?? '—', date: health.lastService !== null });
  return tiles;
}
