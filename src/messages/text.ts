// Pure: the plain text people type into requests and conversations. Stored as typed (minus
// control characters), shown escaped with its line breaks kept; never HTML.

/** Longest message, reply, note or request description. */
export const MAX_BODY = 5000;
/** Longest request subject. */
export const MAX_SUBJECT = 200;

// C0/C1 control characters except tab and line feed; carriage returns are folded into line feeds first.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Multi-line text as stored: CRLF/CR → LF, control characters dropped, trailing spaces and outer blank lines trimmed. */
export function cleanBody(raw: string): string {
  return raw
    .replace(/\r\n?/g, '\n')
    .replace(CONTROLS, '')
    .split('\n')
    .map((line) => line.replace(/\s+$/u, ''))
    .join('\n')
    .trim();
}

/** One line of text (a subject): every run of white space or control characters becomes one space. */
export function cleanLine(raw: string): string {
  return raw.replace(CONTROLS, ' ').replace(/\s+/gu, ' ').trim();
}

/** A checked text field: its clean value, or the translation key of what is wrong. */
export type TextCheck = { ok: true; value: string } | { ok: false; error: string };

/** Checks a required multi-line text (message, reply, description). */
export function checkBody(raw: string, max: number = MAX_BODY): TextCheck {
  const value = cleanBody(raw);
  if (value === '') return { ok: false, error: 'validation:required' };
  if (value.length > max) return { ok: false, error: 'validation:too_long' };
  return { ok: true, value };
}

/** Checks a required one-line text (a subject). */
export function checkLine(raw: string, max: number = MAX_SUBJECT): TextCheck {
  const value = cleanLine(raw);
  if (value === '') return { ok: false, error: 'validation:required' };
  if (value.length > max) return { ok: false, error: 'validation:too_long' };
  return { ok: true, value };
}

/** The start of a text for a notification or an email: at most `max` characters, cut at a word with "…". */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd() + '…';
}
