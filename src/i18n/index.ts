import i18next, { type TFunction } from 'i18next';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Language } from '../db/schema.js';
import { projectRoot } from '../util/paths.js';

export type { TFunction } from 'i18next';
/** The two languages Stoa speaks. */
export const LANGUAGES: readonly Language[] = ['en', 'el'];

type Resources = Record<string, Record<string, unknown>>;

function loadLanguage(lang: Language): Resources {
  const dir = path.join(projectRoot, 'locales', lang);
  const out: Resources = {};
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.json')) continue;
    out[file.slice(0, -5)] = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
  }
  return out;
}

const resources = { en: loadLanguage('en'), el: loadLanguage('el') };
const instance = i18next.createInstance();
void instance.init({
  resources,
  lng: 'en',
  fallbackLng: 'en',
  ns: Object.keys(resources.en),
  defaultNS: 'common',
  initAsync: false,
  interpolation: { escapeValue: false }, // JSX escapes on output
  returnNull: false,
});

const fixed = new Map<Language, TFunction>();

/** The translation function for a language (created once per language). */
export function translator(lang: Language): TFunction {
  let t = fixed.get(lang);
  if (!t) {
    t = instance.getFixedT(lang);
    fixed.set(lang, t);
  }
  return t;
}

/** Narrows an arbitrary string to a supported language. */
export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'el';
}

/** Picks the best supported language from an Accept-Language header. */
export function languageFromHeader(header: string | undefined, fallback: Language): Language {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const r of ranked) if (isLanguage(r.lang)) return r.lang;
  return fallback;
}

/** Every namespace's keys for a language, flattened (used by the parity test). */
export function flatKeys(lang: Language): string[] {
  const keys: string[] = [];
  const walk = (ns: string, o: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(o)) {
      const name = prefix ? `${prefix}.${k}` : k;
      if (v && typeof v === 'object') walk(ns, v as Record<string, unknown>, name);
      else keys.push(`${ns}:${name}`);
    }
  };
  for (const [ns, tree] of Object.entries(resources[lang])) walk(ns, tree, '');
  // Plural forms (key_one, key_other; Greek and English need the same two) count as one key,
  // but only where a key_other exists: "too_many" is a key of its own.
  const all = new Set(keys);
  const base = (k: string) => {
    const m = /^(.*)_(zero|one|two|few|many|other)$/.exec(k);
    return m && all.has(`${m[1]}_other`) ? m[1]! : k;
  };
  return [...new Set(keys.map(base))].sort();
}
