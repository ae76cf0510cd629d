// Reads a PDF back as text, the way a person copying from it would see it.

/** The text of a PDF (non-breaking spaces as plain spaces) and its number of pages. */
export async function pdfText(bytes: Buffer): Promise<{ text: string; pages: number; pageTexts: string[] }> {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const result = await parser.getText();
    const clean = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
    return { text: clean(result.text), pages: result.total, pageTexts: result.pages.map((p) => clean(p.text)) };
  } finally {
    await parser.destroy();
  }
}
