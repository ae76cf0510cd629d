import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flatKeys, languageFromHeader } from '../../src/i18n/index.js';
import { fold } from '../../src/i18n/fold.js';

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const full = path.join(dir, f);
    return statSync(full).isDirectory() ? files(full, ext) : f.endsWith(ext) ? [full] : [];
  });
}

describe('languages', () => {
  it('has the same keys in English and Greek', () => {
    const en = flatKeys('en');
    const el = flatKeys('el');
    expect(en.filter((k) => !el.includes(k))).toEqual([]);
    expect(el.filter((k) => !en.includes(k))).toEqual([]);
  });

  it('has a translation for every literal t() key used in src/ and views/', () => {
    const known = new Set(flatKeys('en'));
    const missing: string[] = [];
    for (const file of [...files('src', '.tsx'), ...files('src', '.ts'), ...files('views', '.tsx')]) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-z_]+:[\w.]+)'/g)) {
        if (!known.has(m[1]!)) missing.push(`${file}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('folds Greek accents and final sigma for search', () => {
    expect(fold('Παπαδόπουλος')).toBe(fold('Παπαδοπουλος'));
    expect(fold('ΟΔΟΣ Αθηνάς')).toBe('οδοσ αθηνασ');
    expect(fold('Café  Crème')).toBe('cafe creme');
  });

  it('picks the preferred supported language from Accept-Language', () => {
    expect(languageFromHeader('el-GR,el;q=0.9,en;q=0.8', 'en')).toBe('el');
    expect(languageFromHeader('de-DE,en;q=0.5', 'el')).toBe('en');
    expect(languageFromHeader('fr', 'el')).toBe('el');
    expect(languageFromHeader(undefined, 'en')).toBe('en');
  });
});
