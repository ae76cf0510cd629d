import type { FormBody } from '../web/forms.js';
import { formString, formStrings } from '../web/forms.js';
import type { Raw } from './validation.js';

/**
 * The named fields of a form body as raw input: a field missing from the body stays
 * undefined (unchanged on update); a repeated field (hidden "0" + checkbox "1") keeps its last value.
 */
export function formFields<F extends string>(body: FormBody, fields: readonly F[]): Raw<F> {
  const raw: Raw<F> = {};
  for (const f of fields) {
    if (!(f in body)) continue;
    const all = formStrings(body, f);
    raw[f] = all.length > 1 ? (all[all.length - 1] ?? '') : formString(body, f);
  }
  return raw;
}
