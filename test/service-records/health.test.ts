import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthTiles } from '../../src/service-records/health-tiles.js';
import { defaultsFromRows, ROLE_PRESETS, type MemberAccess, type PortalDefaults } from '../../src/portal-access/visibility.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';
import { makeServiceRecords, showInPortal } from './support.js';

const member: MemberAccess = { status: 'active', permissions: ROLE_PRESETS.accounts };
const none = defaultsFromRows([]);
const figures = { activeContracts: 2, sitesCovered: 3, openTickets: 1, lastService: '2026-03-04' };
const keys = (settings: PortalDefaults) => healthTiles(figures, member, settings).map((t) => t.key);

describe('which account-health tiles a member sees', () => {
  it('shows none when nothing is visible', () => {
    expect(keys(none)).toEqual([]);
  });

  it('ties contracts and sites to "contracts", last service to "service_reports", requests to "tickets"', () => {
    expect(keys({ ...none, contracts: true })).toEqual(['service:health.active_contracts', 'service:health.sites_covered']);
    expect(keys({ ...none, service_reports: true })).toEqual(['service:health.last_service']);
    expect(keys({ ...none, tickets: true })).toEqual(['service:health.open_tickets']);
  });

  it('marks the last service as a date, or a dash without visits', () => {
    expect(healthTiles(figures, member, { ...none, service_reports: true })).toEqual([{ key: 'service:health.last_service', value: '2026-03-04', date: true }]);
    expect(healthTiles({ ...figures, lastService: null }, member, { ...none, service_reports: true })).toEqual([{ key: 'service:health.last_service', value: '—', date: false }]);
  });
});

describe('the portal dashboard', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(() => t.close());

  it('shows the health tiles the member may see, with the last visit as a date', async () => {
    const client = await makeClient(t.db);
    const year = new Date().getFullYear();
    await makeServiceRecords(t, client.id);
    const m = await makePortalMember(t, client.id);
    expect(await (await t.get('/portal', m.cookie)).text()).not.toContain('Account health');
    await showInPortal(t, ['contracts', 'service_reports']);
    const html = await (await t.get('/portal', m.cookie)).text();
    expect(html).toContain('Account health');
    expect(html).toContain('Active contracts');
    expect(html).toContain('Sites covered');
    expect(html).toContain(`15 Jan ${year}`);
    expect(html).not.toContain('Open requests');
  });
});
