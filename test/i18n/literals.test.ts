import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAst } from 'rolldown/parseAst';
import { describe, expect, it } from 'vitest';

/**
 * The literal check: no user-facing text in views outside t(). Parses every views/**\/*.tsx
 * with a real TSX parser (oxc, via rolldown: TypeScript 7 has no stable compiler API yet) and
 * reports JSX text children and title/aria-label/placeholder/alt string attributes with letters.
 */

/** Words that are the same in every language: brand names and the language pickers' own names. */
const ALLOWED = new Set(['Stoa', 'Ελληνικά', 'English', 'EN', 'ΕΛ', 'IBAN', 'BIC', 'PDF', 'CSV', 'XLSX']);
const CHECKED_ATTRIBUTES = new Set(['title', 'aria-label', 'placeholder', 'alt']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const full = path.join(dir, f);
    return statSync(full).isDirectory() ? files(full) : f.endsWith('.tsx') ? [full] : [];
  });
}

/** A literal is user-facing when it contains a letter once allowed words are taken out. */
export function isUserFacing(text: string): boolean {
  const rest = text
    .split(/[\s·—–←→×€:,.()/|-]+/u)
    .filter((w) => w && !ALLOWED.has(w))
    .join(' ');
  return /\p{L}/u.test(rest);
}

interface Node { type: string; start: number; [key: string]: unknown }

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

/** Every user-facing literal of one TSX source, as "line: text". */
export function literalsIn(source: string): string[] {
  const ast = parseAst(source, { lang: 'tsx' }) as unknown as Node;
  const found: string[] = [];
  const lineOf = (pos: number) => source.slice(0, pos).split('\n').length;
  const visit = (node: Node) => {
    if (node.type === 'JSXText') {
      const text = String(node.value).trim();
      if (isUserFacing(text)) found.push(`${lineOf(node.start)}: ${text}`);
    }
    if (node.type === 'JSXAttribute') {
      const name = node.name as Node;
      const value = node.value as Node | null;
      const attr = name.type === 'JSXIdentifier' ? String(name.name) : '';
      if (CHECKED_ATTRIBUTES.has(attr) && value) {
        const strings: string[] = [];
        if (value.type === 'Literal' && typeof value.value === 'string') strings.push(value.value);
        if (value.type === 'JSXExpressionContainer') {
          const e = value.expression as Node;
          if (e.type === 'Literal' && typeof e.value === 'string') strings.push(e.value);
          if (e.type === 'TemplateLiteral') for (const q of e.quasis as Node[]) strings.push(String((q.value as { cooked: string }).cooked));
        }
        for (const s of strings) if (isUserFacing(s)) found.push(`${lineOf(node.start)}: ${attr}="${s}"`);
      }
    }
    // A string literal placed directly as a JSX child: <p>{'Hello'}</p>.
    if (node.type === 'JSXExpressionContainer') {
      const e = node.expression as Node;
      if (e.type === 'Literal' && typeof e.value === 'string' && isUserFacing(e.value)) found.push(`${lineOf(node.start)}: {'${e.value}'}`);
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === 'value' && node.type === 'JSXAttribute') {
        // The attribute's own string was checked above; look only inside an expression's code.
        if (isNode(child) && child.type === 'JSXExpressionContainer' && isNode(child.expression)) visit(child.expression);
        continue;
      }
      if (Array.isArray(child)) for (const c of child) { if (isNode(c)) visit(c); }
      else if (isNode(child)) visit(child);
    }
  };
  visit(ast);
  return found;
}

describe('the literal check', () => {
  it('finds text children and labelling attributes written outside t()', () => {
    const src = `export const A = () => <div title="Hello"><p>Save changes</p><img alt={'Logo'} /><span>{t('x:y')} · €</span><b>Stoa</b></div>;`;
    expect(literalsIn(src)).toEqual(['1: title="Hello"', '1: Save changes', '1: alt="Logo"']);
  });

  it('allows symbols, brand names and the language pickers', () => {
    expect(isUserFacing('← · — × €')).toBe(false);
    expect(isUserFacing('Stoa')).toBe(false);
    expect(isUserFacing('Ελληνικά')).toBe(false);
    expect(isUserFacing('English')).toBe(false);
    expect(isUserFacing('Αποθήκευση')).toBe(true);
  });

  it('finds no user-facing literal in any view', () => {
    const problems: string[] = [];
    for (const file of files('views')) {
      for (const hit of literalsIn(readFileSync(file, 'utf8'))) problems.push(`${file}:${hit}`);
    }
    expect(problems).toEqual([]);
  });
});
