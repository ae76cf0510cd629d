// The page furniture every Stoa PDF shares: A4, Noto Sans (Latin and Greek), a firm header,
// tables that break across pages with their header repeated, and "1 / 2" page numbers.
// pdfkit draws only what we hand it: the logo's stored bytes at most, no links, nothing is ever fetched.

import PDFDocument from 'pdfkit';
import type { Language } from '../db/schema.js';
import { startDocument, type ParsedFont } from './fonts.js';

/** A pdfkit document. */
export type Pdf = PDFKit.PDFDocument;

/** A4 in points, with the margin all pages use. */
export const PAGE = { width: 595.28, height: 841.89, margin: 50 } as const;
/** Width between the left and right margins. */
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
/** Lowest y content may reach; the page number sits below it. */
export const CONTENT_BOTTOM = PAGE.height - PAGE.margin;

/** Font names registered on every document. */
export const FONT = { regular: 'stoa-regular', bold: 'stoa-bold' } as const;
/** The few colours used. */
export const COLOR = { text: '#1f2328', muted: '#59636e', rule: '#c9ced4', band: '#eef1f4', stamp: '#c62828' } as const;
/** Body text size. */
export const BODY_SIZE = 9;

/** What the document's metadata says; `date` (YYYY-MM-DD) fixes its creation date so output is reproducible. */
export interface PdfMeta {
  title: string;
  author: string;
  subject?: string;
  date: string;
  lang: Language;
}

function register(doc: Pdf, name: string, face: ParsedFont | Buffer): void {
  if (Buffer.isBuffer(face)) doc.registerFont(name, face);
  else doc.registerFont(name, face);
}

/**
 * Draws one A4 document and resolves with its bytes. `draw` must be synchronous: the shared fonts
 * are prepared for this document alone (see fonts.ts), so nothing else may draw until it ends.
 * The fonts are registered and the metadata is fixed (creation date = `meta.date`), so identical
 * input gives identical bytes.
 */
export function renderPdf(meta: PdfMeta, draw: (doc: Pdf) => undefined): Promise<Buffer> {
  const at = new Date(`${meta.date}T00:00:00Z`);
  const when = Number.isNaN(at.getTime()) ? new Date(0) : at;
  const faces = startDocument();
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    bufferPages: true,
    lang: meta.lang,
    displayTitle: true,
    info: { Title: meta.title, Author: meta.author, Subject: meta.subject ?? meta.title, Creator: 'Stoa', Producer: 'Stoa', CreationDate: when, ModDate: when },
  });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  register(doc, FONT.regular, faces.regular);
  register(doc, FONT.bold, faces.bold);
  doc.font(FONT.regular).fontSize(BODY_SIZE).fillColor(COLOR.text);
  draw(doc);
  doc.end();
  return done;
}

/** Sets the font, size and colour in one call. */
export function style(doc: Pdf, opts: { bold?: boolean; size?: number; color?: string } = {}): Pdf {
  return doc.font(opts.bold ? FONT.bold : FONT.regular).fontSize(opts.size ?? BODY_SIZE).fillColor(opts.color ?? COLOR.text);
}

/** Starts a new page when `needed` points do not fit below `y`; returns where to continue. */
export function ensureSpace(doc: Pdf, y: number, needed: number): number {
  if (y + needed <= CONTENT_BOTTOM) return y;
  doc.addPage();
  return PAGE.margin;
}

/** A thin horizontal rule across the content width (or `width` from `x`). */
export function rule(doc: Pdf, y: number, x: number = PAGE.margin, width: number = CONTENT_WIDTH): void {
  doc.save().moveTo(x, y).lineTo(x + width, y).lineWidth(0.5).strokeColor(COLOR.rule).stroke().restore();
}

/**
 * The firm's block at the top left: its name large, then its detail lines. Returns the y below it.
 */
export function firmBlock(doc: Pdf, firm: PdfFirm, width: number): number {
  let y: number = PAGE.margin;
  if (firm.logo) {
    // The logo's own bytes (PNG or JPEG from DATA_DIR), fitted in a 150 × 48 pt box above the name.
    try {
      doc.image(Buffer.from(firm.logo), PAGE.margin, y, { fit: [150, 48] });
      y += 54;
    } catch {
      // A logo pdfkit cannot read is left out rather than failing the document.
    }
  }
  style(doc, { bold: true, size: 15 });
  doc.text(firm.name, PAGE.margin, y, { width });
  y = doc.y + 2;
  style(doc, { size: 8.5, color: COLOR.muted });
  for (const line of firm.lines ?? []) {
    if (!line) continue;
    doc.text(line, PAGE.margin, y, { width });
    y = doc.y;
  }
  return y;
}

/** The issuing firm as PDFs print it: its name and any detail lines (address, VAT number, contact). */
export interface PdfFirm {
  name: string;
  lines?: string[];
  /** The firm's logo (PNG or JPEG bytes), drawn above its name. */
  logo?: Uint8Array | null;
}

/** A label/value list right-aligned in a box (document number, dates). Returns the y below it. */
export function labelValues(doc: Pdf, rows: ReadonlyArray<[string, string]>, x: number, y: number, width: number): number {
  const labelWidth = width * 0.5;
  let at = y;
  for (const [label, value] of rows) {
    style(doc, { size: 8.5, color: COLOR.muted });
    const h1 = doc.heightOfString(label, { width: labelWidth - 4 });
    doc.text(label, x, at, { width: labelWidth - 4 });
    style(doc, { bold: true, size: 9 });
    const h2 = doc.heightOfString(value, { width: width - labelWidth });
    doc.text(value, x + labelWidth, at, { width: width - labelWidth, align: 'right' });
    at += Math.max(h1, h2) + 2;
  }
  return at;
}

/** One column of a table. */
export interface Column {
  label: string;
  width: number;
  align?: 'left' | 'right';
}

/** One row of a table: its cells in column order. */
export interface Row {
  cells: string[];
  bold?: boolean;
  /** A shaded band (opening and closing rows). */
  band?: boolean;
  /** Cell `from` stretches over `count` columns (the cells it covers are ignored): summary labels. */
  span?: { from: number; count: number };
}

const CELL_PAD_X = 4;
const CELL_PAD_Y = 3.5;

interface Cell { text: string; x: number; width: number; align: 'left' | 'right' }

// The cells of a row as drawn: positions and widths, with a spanning cell merged.
function layoutCells(columns: readonly Column[], cells: readonly string[], span?: Row['span']): Cell[] {
  const out: Cell[] = [];
  let x = PAGE.margin;
  for (let i = 0; i < columns.length; i++) {
    const col = columns[i]!;
    let width = col.width;
    if (span && i === span.from) {
      for (let j = 1; j < span.count && i + j < columns.length; j++) width += columns[i + j]!.width;
      out.push({ text: cells[i] ?? '', x, width, align: col.align ?? 'left' });
      i += span.count - 1;
    } else {
      out.push({ text: cells[i] ?? '', x, width, align: col.align ?? 'left' });
    }
    x += width;
  }
  return out;
}

// Most cells (dates, amounts, numbers) fit on one line: measuring their width is much cheaper
// than wrapping them, and they are then drawn without the line wrapper.
function fitsOneLine(doc: Pdf, cell: Cell): boolean {
  return !cell.text.includes('\n') && doc.widthOfString(cell.text) <= cell.width - 2 * CELL_PAD_X;
}

function rowHeight(doc: Pdf, cells: readonly Cell[], size: number, bold: boolean): number {
  style(doc, { bold, size });
  let h = doc.currentLineHeight(true);
  for (const cell of cells) {
    if (cell.text && !fitsOneLine(doc, cell)) h = Math.max(h, doc.heightOfString(cell.text, { width: cell.width - 2 * CELL_PAD_X }));
  }
  return h + 2 * CELL_PAD_Y;
}

function drawRow(doc: Pdf, cells: readonly Cell[], y: number, h: number, opts: { bold: boolean; size: number; color: string; band: boolean }): void {
  if (opts.band) doc.save().rect(PAGE.margin, y, CONTENT_WIDTH, h).fill(COLOR.band).restore();
  style(doc, { bold: opts.bold, size: opts.size, color: opts.color });
  for (const cell of cells) {
    if (!cell.text) continue;
    const inner = cell.width - 2 * CELL_PAD_X;
    if (fitsOneLine(doc, cell)) {
      const x = cell.align === 'right' ? cell.x + CELL_PAD_X + inner - doc.widthOfString(cell.text) : cell.x + CELL_PAD_X;
      doc.text(cell.text, x, y + CELL_PAD_Y, { lineBreak: false });
    } else {
      doc.text(cell.text, cell.x + CELL_PAD_X, y + CELL_PAD_Y, { width: inner, align: cell.align });
    }
  }
}

function drawHeader(doc: Pdf, columns: readonly Column[], y: number): number {
  const cells = layoutCells(columns, columns.map((c) => c.label));
  const h = rowHeight(doc, cells, 8, true);
  drawRow(doc, cells, y, h, { bold: true, size: 8, color: COLOR.muted, band: true });
  rule(doc, y + h);
  return y + h;
}

/**
 * Draws a table from `y`: the header row, then each row; a row that does not fit starts a new
 * page, where the header is drawn again. Returns the y below the last row.
 */
export function table(doc: Pdf, columns: readonly Column[], rows: readonly Row[], y: number): number {
  let at = ensureSpace(doc, y, 40);
  at = drawHeader(doc, columns, at);
  for (const row of rows) {
    const bold = row.bold === true;
    const cells = layoutCells(columns, row.cells, row.span);
    const h = rowHeight(doc, cells, BODY_SIZE, bold);
    if (at + h > CONTENT_BOTTOM) {
      doc.addPage();
      at = drawHeader(doc, columns, PAGE.margin);
    }
    drawRow(doc, cells, at, h, { bold, size: BODY_SIZE, color: COLOR.text, band: row.band === true });
    at += h;
    rule(doc, at);
  }
  return at;
}

/**
 * Writes each page's footer once the content is laid out: "1 / 2" at the right, an optional
 * text at the left, and an optional diagonal stamp ("DRAFT", "VOID") across the page.
 */
export function finishPages(doc: Pdf, opts: { pageLabel: (page: number, pages: number) => string; footer?: string; stamp?: string | null }): void {
  const range = doc.bufferedPageRange();
  const pages = range.count;
  for (let i = range.start; i < range.start + pages; i++) {
    doc.switchToPage(i);
    // The footer sits in the bottom margin: lift the margin so pdfkit does not add a page for it.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = PAGE.height - PAGE.margin + 14;
    style(doc, { size: 7.5, color: COLOR.muted });
    if (opts.footer) doc.text(opts.footer, PAGE.margin, y, { width: CONTENT_WIDTH * 0.75, lineBreak: false });
    doc.text(opts.pageLabel(i - range.start + 1, pages), PAGE.margin, y, { width: CONTENT_WIDTH, align: 'right', lineBreak: false });
    if (opts.stamp) {
      doc.save();
      doc.rotate(-35, { origin: [PAGE.width / 2, PAGE.height / 2] });
      doc.font(FONT.bold).fontSize(90).fillColor(COLOR.stamp).fillOpacity(0.14);
      doc.text(opts.stamp, 0, PAGE.height / 2 - 60, { width: PAGE.width, align: 'center', lineBreak: false });
      doc.restore();
      doc.fillOpacity(1);
    }
    doc.page.margins.bottom = bottom;
  }
}
