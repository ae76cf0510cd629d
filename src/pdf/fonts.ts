// The fonts every PDF embeds: Noto Sans covers Latin and Greek. Read and parsed once at module
// load, so a request never touches the disk for them; each document subsets what it uses.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A font parsed by fontkit, which pdfkit accepts in place of font bytes. */
export interface ParsedFont {
  layout: (...args: never[]) => unknown;
  postscriptName: string;
}

declare global {
  // pdfkit takes a parsed fontkit font as well as bytes; @types/pdfkit only lists bytes.
  namespace PDFKit.Mixins {
    interface PDFFont {
      registerFont(name: string, src: ParsedFont, family?: string): this;
    }
  }
}

/** Noto Sans Regular, as TTF bytes. */
export const REGULAR_FONT: Buffer = readFileSync(require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'));

/** Noto Sans Bold, as TTF bytes. */
export const BOLD_FONT: Buffer = readFileSync(require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'));

function isParsedFont(value: unknown): value is ParsedFont {
  return typeof value === 'object' && value !== null && 'layout' in value && typeof value.layout === 'function';
}

// pdfkit parses font bytes anew for every document, and with them the shaping tables: most of a
// PDF's cost. We parse each face once with pdfkit's own fontkit (resolved from pdfkit, so always
// the one it uses) and share it, which makes a document several times faster. fontkit also
// caches glyph objects, and shared across documents they garble the text map pdfkit builds for
// copying and searching (tested), so that cache must not outlive a document: `startDocument()`
// empties it, and a document is drawn synchronously from there to its end.
// Should fontkit ever stop keeping that cache where we look, pdfkit gets the bytes instead.
interface SharedFont extends ParsedFont {
  _glyphs: object;
}

function isShareable(value: unknown): value is SharedFont {
  return isParsedFont(value) && '_glyphs' in value && typeof value._glyphs === 'object' && value._glyphs !== null;
}

function parseOnce(bytes: Buffer): SharedFont | Buffer {
  try {
    const fontkit: unknown = createRequire(require.resolve('pdfkit'))('fontkit');
    if (typeof fontkit !== 'object' || fontkit === null || !('create' in fontkit) || typeof fontkit.create !== 'function') return bytes;
    const font: unknown = fontkit.create(bytes);
    return isShareable(font) ? font : bytes;
  } catch {
    return bytes;
  }
}

const regular = parseOnce(REGULAR_FONT);
const bold = parseOnce(BOLD_FONT);

/** The faces to register on a new document, with glyph caches emptied for it (see above). */
export function startDocument(): { regular: ParsedFont | Buffer; bold: ParsedFont | Buffer } {
  for (const face of [regular, bold]) if (!Buffer.isBuffer(face)) face._glyphs = {};
  return { regular, bold };
}
