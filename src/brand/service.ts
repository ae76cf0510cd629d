import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomToken } from '../auth/tokens.js';
import type { Db, Trx } from '../db/index.js';
import { detectFileKind } from '../files/detect.js';
import type { TFunction } from '../i18n/index.js';
import { getFirmSettings } from '../settings/service.js';

/** Largest logo accepted. */
export const MAX_LOGO_BYTES = 1024 * 1024;

/** A stored logo: its random file name under DATA_DIR/brand/ (also its URL name) and type. */
export interface StoredLogo { file: string; type: 'image/png' | 'image/jpeg' | 'image/webp' }

/** The firm's brand: accent colour, contact details and logo (its name is in the firm settings). */
export interface Brand {
  accent_color: string;
  address: string;
  phone: string;
  email: string;
  vat_number: string;
  website: string;
  logo: StoredLogo | null;
}

/** The contact fields, in the order they are shown. */
export const CONTACT_FIELDS = ['address', 'phone', 'email', 'vat_number', 'website'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export const BRAND_DEFAULTS: Brand = { accent_color: '#1f5f8b', address: '', phone: '', email: '', vat_number: '', website: '', logo: null };

async function readSetting(db: Db | Trx, key: string): Promise<string | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

async function writeSetting(db: Db | Trx, key: string, value: string): Promise<void> {
  await db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}

/** The firm's brand, defaults filled in. */
export async function getBrand(db: Db | Trx): Promise<Brand> {
  const raw = await readSetting(db, 'brand');
  return { ...BRAND_DEFAULTS, ...(raw ? (JSON.parse(raw) as Partial<Brand>) : {}) };
}

/** Saves (part of) the brand. */
export async function saveBrand(db: Db | Trx, patch: Partial<Brand>): Promise<Brand> {
  const next = { ...(await getBrand(db)), ...patch };
  await writeSetting(db, 'brand', JSON.stringify(next));
  return next;
}

/** A client's own logo for their portal, or null. */
export async function getClientLogo(db: Db | Trx, clientId: number): Promise<StoredLogo | null> {
  const raw = await readSetting(db, `client_logo:${clientId}`);
  return raw ? (JSON.parse(raw) as StoredLogo) : null;
}

/** Sets (or with null removes) a client's own logo. */
export async function setClientLogo(db: Db | Trx, clientId: number, logo: StoredLogo | null): Promise<void> {
  if (logo) await writeSetting(db, `client_logo:${clientId}`, JSON.stringify(logo));
  else await db.deleteFrom('settings').where('key', '=', `client_logo:${clientId}`).execute();
}

const LOGO_TYPES = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' } as const;
const EXT = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' } as const;

/** Checks a logo's bytes (PNG, JPEG or WEBP by content, at most 1 MB). */
export function checkLogo(bytes: Uint8Array): { ok: true; type: StoredLogo['type'] } | { ok: false; error: 'brand:errors.logo_empty' | 'brand:errors.logo_too_large' | 'brand:errors.logo_type' } {
  if (bytes.length === 0) return { ok: false, error: 'brand:errors.logo_empty' };
  if (bytes.length > MAX_LOGO_BYTES) return { ok: false, error: 'brand:errors.logo_too_large' };
  const kind = detectFileKind(bytes);
  if (kind !== 'png' && kind !== 'jpeg' && kind !== 'webp') return { ok: false, error: 'brand:errors.logo_type' };
  return { ok: true, type: LOGO_TYPES[kind] };
}

/**
 * Writes a checked logo under DATA_DIR/brand/ with a random name plus a hash of its bytes; the
 * name never names other bytes, so its URL can be cached for good.
 */
export function storeLogo(dataDir: string, bytes: Uint8Array, type: StoredLogo['type']): StoredLogo {
  const dir = path.join(dataDir, 'brand');
  mkdirSync(dir, { recursive: true });
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  const file = `${randomToken(12).toLowerCase()}-${hash}.${EXT[type]}`;
  writeFileSync(path.join(dir, file), bytes);
  return { file, type };
}

/** True for a name storeLogo could have made (no paths, nothing else). */
export function isLogoFileName(name: string): boolean {
  return /^[a-z0-9]{1,40}-[0-9a-f]{12}\.(png|jpg|webp)$/.test(name);
}

/** A stored logo's bytes, or null when it is gone. */
export function readLogo(dataDir: string, file: string): Uint8Array | null {
  if (!isLogoFileName(file)) return null;
  try {
    return readFileSync(path.join(dataDir, 'brand', file));
  } catch {
    return null;
  }
}

/** Path of a logo's URL (relative to the site). */
export function logoPath(logo: StoredLogo): string {
  return `/brand/logo/${logo.file}`;
}

/** The generated stylesheet: the accent as a custom property (no inline styles: the CSP forbids them). */
export function brandCss(brand: Pick<Brand, 'accent_color'>): string {
  return `:root{--accent:${brand.accent_color};--brand-accent:${brand.accent_color};}\n`;
}

/** The cache-busting version of /brand.css for an accent. */
export function brandCssVersion(brand: Pick<Brand, 'accent_color'>): string {
  return createHash('sha256').update(brandCss(brand)).digest('hex').slice(0, 10);
}

/** The firm's contact details (what page footers, emails and PDFs print). */
export type BrandContact = Pick<Brand, ContactField>;

const contactOf = (brand: Brand): BrandContact => ({ address: brand.address, phone: brand.phone, email: brand.email, vat_number: brand.vat_number, website: brand.website });

/**
 * What a portal page shows of the brand: the logo (the client's own, else the firm's), the
 * stylesheet's URL and the contact details for the footer.
 */
export interface PortalBrand { logo: StoredLogo | null; cssHref: string; contact: BrandContact }

/** The brand of a client's portal, in one query. */
export async function portalBrand(db: Db | Trx, clientId: number): Promise<PortalBrand> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', ['brand', `client_logo:${clientId}`]).execute();
  const brandRow = rows.find((r) => r.key === 'brand');
  const clientRow = rows.find((r) => r.key !== 'brand');
  const brand: Brand = { ...BRAND_DEFAULTS, ...(brandRow ? (JSON.parse(brandRow.value) as Partial<Brand>) : {}) };
  const logo = clientRow ? (JSON.parse(clientRow.value) as StoredLogo) : brand.logo;
  return { logo, cssHref: `/brand.css?v=${brandCssVersion(brand)}`, contact: contactOf(brand) };
}

/** The brand of the public portal pages before sign-in (the client is unknown): the firm's logo, stylesheet and contact details. */
export async function firmBrand(db: Db | Trx): Promise<PortalBrand> {
  const brand = await getBrand(db);
  return { logo: brand.logo, cssHref: `/brand.css?v=${brandCssVersion(brand)}`, contact: contactOf(brand) };
}

/** What a public page (sign-in, invitation, emailed link, payment page) shows: the firm's name with the portal's brand. */
export interface PublicBrand extends PortalBrand { firmName: string }

/**
 * The brand of a public page: with a client (invitation, emailed link, payment) exactly the
 * brand of that client's portal, its own logo included; without one (sign-in, reset) the firm's.
 */
export async function publicBrand(db: Db | Trx, clientId: number | null): Promise<PublicBrand> {
  const [firm, brand] = await Promise.all([getFirmSettings(db), clientId === null ? firmBrand(db) : portalBrand(db, clientId)]);
  return { firmName: firm.firm_name, ...brand };
}

/** The contact lines of the firm as emails, PDFs and page footers print them, in the reader's language. */
export function contactLines(brand: BrandContact, t: TFunction): string[] {
  const lines: string[] = [];
  if (brand.address) lines.push(brand.address.split(/\r?\n/).map((l) => l.trim()).filter((l) => l).join(', '));
  const parts = (['phone', 'email', 'vat_number', 'website'] as const).filter((f) => brand[f]).map((f) => t(`brand:contact.${f}`, { value: brand[f] }));
  if (parts.length) lines.push(parts.join(' · '));
  return lines;
}

/**
 * The firm as a PDF prints it: name, contact lines, and the logo's bytes read from DATA_DIR
 * (pdfkit draws PNG and JPEG only, so a WEBP logo is left out; nothing is ever fetched).
 */
export async function pdfFirm(db: Db | Trx, dataDir: string, firmName: string, t: TFunction): Promise<{ name: string; lines: string[]; logo: Uint8Array | null }> {
  const brand = await getBrand(db);
  const logo = brand.logo && brand.logo.type !== 'image/webp' ? readLogo(dataDir, brand.logo.file) : null;
  return { name: firmName, lines: contactLines(brand, t), logo };
}

/** What an email shows of the brand: the logo's absolute URL (from PUBLIC_URL) and the contact details. */
export interface EmailBrand { logoUrl: string | null; brand: Brand }

/** The brand of an email; the logo only when PUBLIC_URL is known (mail clients need an absolute URL). */
export function emailBrand(brand: Brand, publicUrl: string | null): EmailBrand {
  const base = publicUrl ? publicUrl.replace(/\/+$/, '') : null;
  return { logoUrl: base && brand.logo ? base + logoPath(brand.logo) : null, brand };
}
