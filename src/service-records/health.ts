import type { Db } from '../db/index.js';
import type { PortalView } from '../portal/context.js';
import { openTicketCount } from '../tickets/service.js';
import { today as todayDate } from '../util/time.js';
import { healthTiles, showsHealth, type HealthTile } from './health-tiles.js';
import { clientServiceFigures, firmUsesServiceRecords } from './queries.js';

/** The portal dashboard's account-health figures of one client. */
export interface AccountHealth {
  /** Contracts in force today (not cancelled, not expired, not archived). */
  activeContracts: number;
  /** Distinct active sites those contracts cover. */
  sitesCovered: number;
  /** The client's open and in-progress requests (null is kept in the type for firms without requests). */
  openTickets: number | null;
  /** Date (YYYY-MM-DD) of the latest service visit, or null when none. */
  lastService: string | null;
}

/**
 * Account health of a client for the portal dashboard; null when the firm keeps no service
 * records at all (for anyone), so the dashboard shows no tiles. The caller shows each figure
 * only when its visibility key allows it (contracts: active contracts and sites covered;
 * service_reports: last service; tickets: open tickets).
 */
export async function accountHealth(db: Db, clientId: number, today: string = todayDate()): Promise<AccountHealth | null> {
  if (!(await firmUsesServiceRecords(db))) return null;
  const [figures, openTickets] = await Promise.all([clientServiceFigures(db, clientId, today), openTicketCount(db, clientId)]);
  return { ...figures, openTickets };
}

/**
 * The dashboard's account-health tiles for the active client, as this member may see them;
 * null when the firm keeps no service records or no tile is visible (no queries then).
 */
export async function dashboardHealth(db: Db, portal: Pick<PortalView, 'client' | 'access' | 'settings'>, today: string): Promise<{ tiles: HealthTile[] } | null> {
  if (!showsHealth(portal.access, portal.settings)) return null;
  const health = await accountHealth(db, portal.client.id, today);
  if (!health) return null;
  const tiles = healthTiles(health, portal.access, portal.settings);
  return tiles.length ? { tiles } : null;
}
