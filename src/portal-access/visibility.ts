// What a portal member may see and do. Pure: every portal query asks these functions,
// so the rules live in one place and are unit-tested as a table.

/** Entry types a firm can show or hide in the portal (API.md visibility keys). */
export const VISIBILITY_KEYS = [
  'invoices', 'payments', 'estimates', 'credit_notes', 'statement', 'balances', 'projects', 'time_entries',
  'expenses', 'notes', 'schedule', 'contracts', 'service_reports', 'equipment', 'documents', 'tickets',
] as const;

/** One visibility key. */
export type VisibilityKey = (typeof VISIBILITY_KEYS)[number];

/** Portal settings that are not visibility. */
export const PORTAL_FLAGS = ['auto_send_invoices'] as const;
/** A non-visibility portal setting. */
export type PortalFlag = (typeof PORTAL_FLAGS)[number];

/** Every key stored in portal settings. */
export type PortalSettingKey = VisibilityKey | PortalFlag;
/** Every key stored in portal settings, in display order. */
export const PORTAL_SETTING_KEYS: readonly PortalSettingKey[] = [...VISIBILITY_KEYS, ...PORTAL_FLAGS];

/** Firm-wide values: a key not stored is false (a fresh install shows nothing). */
export type PortalDefaults = Record<PortalSettingKey, boolean>;
/** Per-client overrides: absent = inherit the firm's value. */
export type PortalOverrides = Partial<Record<PortalSettingKey, boolean>>;

/** Narrows a string to a portal setting key. */
export function isPortalSettingKey(key: string): key is PortalSettingKey {
  return (PORTAL_SETTING_KEYS as readonly string[]).includes(key);
}

/** Builds firm defaults from stored rows; unknown keys are ignored, missing ones are false. */
export function defaultsFromRows(rows: ReadonlyArray<{ key: string; value: number }>): PortalDefaults {
  const out = Object.fromEntries(PORTAL_SETTING_KEYS.map((k) => [k, false])) as PortalDefaults;
  for (const r of rows) if (isPortalSettingKey(r.key)) out[r.key] = r.value === 1;
  return out;
}

/** Builds a client's overrides from stored rows. */
export function overridesFromRows(rows: ReadonlyArray<{ key: string; value: number }>): PortalOverrides {
  const out: PortalOverrides = {};
  for (const r of rows) if (isPortalSettingKey(r.key)) out[r.key] = r.value === 1;
  return out;
}

/** The settings in force for one client: its override where set, else the firm's. */
export function effectiveSettings(defaults: PortalDefaults, overrides: PortalOverrides): PortalDefaults {
  const out = { ...defaults };
  for (const k of PORTAL_SETTING_KEYS) {
    const o = overrides[k];
    if (o !== undefined) out[k] = o;
  }
  return out;
}

/** Permission flags a membership carries. */
export interface Permissions {
  view_finances: boolean;
  pay: boolean;
  approve: boolean;
  raise_tickets: boolean;
  message: boolean;
  edit_company: boolean;
}

/** A portal role: a named preset of permission flags (staff can adjust each person's). */
export type Role = 'owner' | 'accounts' | 'viewer';
/** Roles in display order. */
export const ROLES: readonly Role[] = ['owner', 'accounts', 'viewer'];

/** The presets of API.md: owner — everything; accounts — view, pay, tickets, messages; viewer — view. */
export const ROLE_PRESETS: Record<Role, Permissions> = {
  owner: { view_finances: true, pay: true, approve: true, raise_tickets: true, message: true, edit_company: true },
  accounts: { view_finances: true, pay: true, approve: false, raise_tickets: true, message: true, edit_company: false },
  viewer: { view_finances: true, pay: false, approve: false, raise_tickets: false, message: false, edit_company: false },
};

// Entry types that show money: they also need the member's "view finances" permission.
const FINANCIAL: ReadonlySet<VisibilityKey> = new Set(['invoices', 'payments', 'estimates', 'credit_notes', 'statement', 'balances', 'expenses']);

/** The membership as the rules need it: its status and permissions. */
export interface MemberAccess { status: 'invited' | 'active' | 'revoked'; permissions: Permissions }

/**
 * May this member see entry type `key` of the client whose settings are `settings`?
 * Only active memberships see anything; financial types also need "view finances".
 */
export function mayView(member: MemberAccess, settings: PortalDefaults, key: VisibilityKey): boolean {
  if (member.status !== 'active') return false;
  if (!settings[key]) return false;
  if (FINANCIAL.has(key) && !member.permissions.view_finances) return false;
  return true;
}

/** An action a member may take in the portal. */
export type PortalAction = 'pay' | 'pay_all' | 'approve_estimates' | 'raise_tickets' | 'message' | 'edit_company';

/**
 * May this member take `action` for the client? Paying needs invoices visible; paying the
 * whole balance also needs account history (`statement`); approving needs estimates visible;
 * tickets need tickets visible.
 */
export function mayAct(member: MemberAccess, settings: PortalDefaults, action: PortalAction): boolean {
  if (member.status !== 'active') return false;
  const p = member.permissions;
  switch (action) {
    case 'pay':
      return p.pay && mayView(member, settings, 'invoices');
    case 'pay_all':
      return p.pay && mayView(member, settings, 'invoices') && settings.statement;
    case 'approve_estimates':
      return p.approve && mayView(member, settings, 'estimates');
    case 'raise_tickets':
      return p.raise_tickets && settings.tickets;
    case 'message':
      return p.message;
    case 'edit_company':
      return p.edit_company;
  }
}

/** Permissions of a stored membership row. */
export function permissionsOf(row: { can_view_finances: number; can_pay: number; can_approve: number; can_raise_tickets: number; can_message: number; can_edit_company: number }): Permissions {
  return {
    view_finances: row.can_view_finances === 1,
    pay: row.can_pay === 1,
    approve: row.can_approve === 1,
    raise_tickets: row.can_raise_tickets === 1,
    message: row.can_message === 1,
    edit_company: row.can_edit_company === 1,
  };
}

/** Columns of a membership row for given permissions. */
export function permissionColumns(p: Permissions) {
  return {
    can_view_finances: p.view_finances ? 1 : 0,
    can_pay: p.pay ? 1 : 0,
    can_approve: p.approve ? 1 : 0,
    can_raise_tickets: p.raise_tickets ? 1 : 0,
    can_message: p.message ? 1 : 0,
    can_edit_company: p.edit_company ? 1 : 0,
  };
}
