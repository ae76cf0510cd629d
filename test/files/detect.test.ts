import { describe, expect, it } from 'vitest';
import { detectFileKind, zipEntryNames } from '../../src/files/detect.js';
import { attachmentDisposition, cleanFileName, storedFileName } from '../../src/files/names.js';
import { HTML_TEXT, makeZip, PDF_BYTES, PNG_BYTES, SVG_TEXT } from './support.js';

const text = (s: string) => new TextEncoder().encode(s);
const bytes = (...b: number[]) => new Uint8Array(b);

describe('recognising a file by its content', () => {
  it('knows PDF, PNG, JPEG, GIF and WEBP by their signatures', () => {
    expect(detectFileKind(PDF_BYTES)).toBe('pdf');
    expect(detectFileKind(PNG_BYTES)).toBe('png');
    expect(detectFileKind(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('jpeg');
    expect(detectFileKind(text('GIF89a\u0001\u0000'))).toBe('gif');
    expect(detectFileKind(text('GIF87a\u0001\u0000'))).toBe('gif');
    expect(detectFileKind(new Uint8Array([...text('RIFF'), 0, 0, 0, 0, ...text('WEBPVP8 ')]))).toBe('webp');
  });

  it('accepts plain UTF-8 text, Greek and CSV included', () => {
    expect(detectFileKind(text('Μετρήσεις πίεσης\n1,2\n3,4\n'))).toBe('text');
    expect(detectFileKind(text('\uFEFFdate;amount\r\n2026-01-01;12,50\r\n'))).toBe('text');
  });

  it('refuses HTML and SVG whatever they are called, with or without script', () => {
    expect(detectFileKind(text(HTML_TEXT))).toBeNull();
    expect(detectFileKind(text(SVG_TEXT))).toBeNull();
    expect(detectFileKind(text('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBeNull();
    expect(detectFileKind(text('   \n<html><body>hi</body></html>'))).toBeNull();
    expect(detectFileKind(text('Notes first, then <script>alert(1)</script>'))).toBeNull();
    expect(detectFileKind(text('<?xml version="1.0"?><note/>'))).toBeNull();
  });

  it('refuses binary files it does not know, broken UTF-8 and empty files', () => {
    expect(detectFileKind(bytes(0x4d, 0x5a, 0x90, 0x00, 0x03))).toBeNull(); // a Windows executable
    expect(detectFileKind(bytes(0x7f, 0x45, 0x4c, 0x46))).toBeNull(); // ELF
    expect(detectFileKind(bytes(0xc3, 0x28))).toBeNull();
    expect(detectFileKind(text('a\u0000b'))).toBeNull();
    expect(detectFileKind(new Uint8Array(0))).toBeNull();
  });

  it('tells Word and Excel files from other zip archives by their entries', () => {
    expect(zipEntryNames(makeZip(['a.txt', 'b/c.txt']))).toEqual(['a.txt', 'b/c.txt']);
    expect(detectFileKind(makeZip(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']))).toBe('docx');
    expect(detectFileKind(makeZip(['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']))).toBe('xlsx');
    expect(detectFileKind(makeZip(['index.html', 'evil.js']))).toBeNull();
    expect(detectFileKind(makeZip(['[Content_Types].xml', 'ppt/presentation.xml']))).toBeNull();
    // A zip signature with a truncated directory is not a document.
    expect(detectFileKind(makeZip(['[Content_Types].xml', 'word/document.xml']).subarray(0, 60))).toBeNull();
  });
});

describe('names of uploaded files', () => {
  it('keeps only the last path segment: ../../etc/passwd is just "passwd"', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('..\\..\\windows\\win.ini')).toBe('win.ini');
    expect(cleanFileName('/tmp/../../x.pdf')).toBe('x.pdf');
  });

  it('removes control characters, quotes, bidi overrides and leading dots', () => {
    expect(cleanFileName('a\r\nb".pdf')).toBe('a__b_.pdf');
    expect(cleanFileName('invoice\u202Efdp.exe')).toBe('invoice_fdp.exe');
    expect(cleanFileName('...hidden')).toBe('hidden');
    expect(cleanFileName('<img src=x onerror=alert(1)>.png')).toBe('img src=x onerror=alert(1)_.png');
  });

  it('shortens very long names but keeps the extension', () => {
    const name = cleanFileName('α'.repeat(300) + '.pdf');
    expect([...name].length).toBe(120);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('gives the stored name the extension of the content', () => {
    expect(storedFileName('Report 2026.PDF', 'pdf')).toEqual({ ok: true, name: 'Report 2026.PDF' });
    expect(storedFileName('photo.jpeg', 'jpeg')).toEqual({ ok: true, name: 'photo.jpeg' });
    expect(storedFileName('../../etc/passwd', 'text')).toEqual({ ok: true, name: 'passwd.txt' });
    expect(storedFileName('page.html', 'pdf')).toEqual({ ok: true, name: 'page.html.pdf' });
    expect(storedFileName('', 'png')).toEqual({ ok: true, name: 'file.png' });
  });

  it('refuses a name that claims another accepted kind than the content', () => {
    expect(storedFileName('scan.pdf', 'png')).toEqual({ ok: false, error: 'Mismatch' });
    expect(storedFileName('sheet.xlsx', 'docx')).toEqual({ ok: false, error: 'Mismatch' });
  });

  it('offers the download under a safe name, in ASCII and in UTF-8', () => {
    expect(attachmentDisposition('Αναφορά "τελική".pdf')).toBe(
      'attachment; filename="_______ ________.pdf"; filename*=UTF-8\'\'%CE%91%CE%BD%CE%B1%CF%86%CE%BF%CF%81%CE%AC%20_%CF%84%CE%B5%CE%BB%CE%B9%CE%BA%CE%AE_.pdf',
    );
    expect(attachmentDisposition('a;b%c.txt')).toBe('attachment; filename="a_b_c.txt"; filename*=UTF-8\'\'a%3Bb%25c.txt');
  });
});
