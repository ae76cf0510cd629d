import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_NOTIFY_PREFS, notifyPrefsFrom, notifyPrefsFromForm, portalNotifyPrefs } from '../../src/portal/notify-prefs.js';
import { setPreference } from '../../src/portal/preferences.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';

describe('notification choices (pure)', () => {
  it('defaults every choice to on and takes only stored booleans of known events', () => {
    expect(notifyPrefsFrom(null)).toEqual({ invoice_issued: true, estimate_sent: true, payment_received: true });
    expect(notifyPrefsFrom([false])).toEqual(DEFAULT_NOTIFY_PREFS);
    expect(notifyPrefsFrom({ invoice_issued: false, estimate_sent: 'no', other: false })).toEqual({ invoice_issued: false, estimate_sent: true, payment_received: true });
  });

  it('reads the form: hidden 0 then checkbox 1, last value wins; odd values are refused', () => {
    expect(notifyPrefsFromForm({ notify_invoice_issued: ['0', '1'], notify_estimate_sent: '0', notify_payment_received: ['0', 'on'] })).toEqual({
      ok: true, value: { invoice_issued: true, estimate_sent: false, payment_received: true },
    });
    expect(notifyPrefsFromForm({})).toEqual({ ok: true, value: { invoice_issued: false, estimate_sent: false, payment_received: false } });
    const bad = notifyPrefsFromForm({ notify_invoice_issued: 'yes please' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors).toEqual({ notify_invoice_issued: 'validation:invalid' });
  });
});

describe('notification preferences on the member settings page', () => {
  let t: TestApp;
  let clientId: number;
  beforeAll(async () => {
    t = await makeTestApp();
    clientId = (await makeClient(t.db, { name: 'Prefs Ltd' })).id;
  });
  afterAll(() => t.close());

  it('shows every choice ticked by default', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const html = await (await t.get('/portal/settings', m.cookie)).text();
    expect(html).toContain('action="/portal/settings/notifications"');
    expect(html.match(/type="checkbox" name="notify_[a-z_]+" value="1" checked=""/g)).toHaveLength(3);
    expect(await portalNotifyPrefs(t.db, m.userId)).toEqual(DEFAULT_NOTIFY_PREFS);
  });

  it('saves the choices per person and shows them again', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const other = await makePortalMember(t, clientId, { signIn: 'direct' });
    const res = await t.postForm('/portal/settings/notifications', { notify_invoice_issued: ['0', '1'], notify_estimate_sent: '0', notify_payment_received: '0' }, m.cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/portal/settings?saved=notifications');
    expect(await portalNotifyPrefs(t.db, m.userId)).toEqual({ invoice_issued: true, estimate_sent: false, payment_received: false });
    expect(await portalNotifyPrefs(t.db, other.userId)).toEqual(DEFAULT_NOTIFY_PREFS);
    const html = await (await t.get('/portal/settings?saved=notifications', m.cookie)).text();
    expect(html).toContain('Your email choices are saved.');
    expect(html).toContain('name="notify_invoice_issued" value="1" checked=""');
    expect(html).toContain('name="notify_estimate_sent" value="1"/>');
  });

  it('refuses odd values with 422 and stores nothing', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    await setPreference(t.db, m.userId, 'notify', { invoice_issued: false, estimate_sent: true, payment_received: true });
    const res = await t.postForm('/portal/settings/notifications', { notify_invoice_issued: '2' }, m.cookie);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('class="error-summary"');
    expect(await portalNotifyPrefs(t.db, m.userId)).toEqual({ invoice_issued: false, estimate_sent: true, payment_received: true });
  });

  it('is disabled and refused in a staff preview', async () => {
    const staff = await t.staffCookie();
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const html = await (await t.get(`/preview/${clientId}/${m.contactId}/settings`, staff)).text();
    expect(html).toContain('<fieldset disabled="" class="plain notify-prefs">');
    const res = await t.postForm(`/preview/${clientId}/${m.contactId}/settings/notifications`, { notify_invoice_issued: '0' }, staff);
    expect(res.status).toBe(403);
    expect(await portalNotifyPrefs(t.db, m.userId)).toEqual(DEFAULT_NOTIFY_PREFS);
  });

  it('speaks Greek to a Greek member', async () => {
    const m = await makePortalMember(t, clientId, { language: 'el', signIn: 'direct' });
    const html = await (await t.get('/portal/settings', m.cookie)).text();
    expect(html).toContain('Να λαμβάνω email όταν…');
    expect(html).toContain('εκδίδεται νέο τιμολόγιο');
  });
});
