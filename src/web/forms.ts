/** A parsed form body (Hono's parseBody result). */
export type FormBody = Record<string, string | File | (string | File)[]>;

/** One text value of a form field ('' when absent or a file). */
export function formString(body: FormBody, name: string): string {
  const v = body[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : '';
}

/** Every text value of a repeated form field (e.g. lines[0][description]). */
export function formStrings(body: FormBody, name: string): string[] {
  const v = body[name];
  const all = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return all.filter((x): x is string => typeof x === 'string');
}
