import type { Context } from 'hono';
import type { DocumentRow } from '../db/schema.js';
import { attachmentDisposition } from './format.js';

/** MIME type of XLSX workbooks. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The file name of a document's PDF: its number ("INV-2026-0001.pdf"), or kind and id before it has one. */
export function documentPdfFilename(doc: Pick<DocumentRow, 'id' | 'kind' | 'number'>): string {
  return `${doc.number ?? `${doc.kind.replace('_', '-')}-draft-${doc.id}`}.pdf`;
}

/** A file download: its bytes, type and an ASCII-safe attachment name; never cached. */
export function download(c: Context, bytes: Buffer, contentType: string, filename: string): Response {
  return c.body(new Uint8Array(bytes), 200, {
    'Content-Type': contentType,
    'Content-Disposition': attachmentDisposition(filename),
    'Cache-Control': 'no-store',
  });
}
