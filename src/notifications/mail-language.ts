// Which language an email to staff is written in: the staff member's own when they chose one,
// else the firm's default. Pure, for the tests.

import type { Language } from '../db/schema.js';

/** The language of an email to one staff member. */
export function staffMailLanguage(staff: { language: Language | null }, firmDefault: Language): Language {
  return staff.language ?? firmDefault;
}

/**
 * Staff recipients grouped by the language their email is written in (one message per group),
 * groups in the order their first member appears, members in their given order.
 */
export function groupByMailLanguage<R extends { language: Language | null }>(recipients: readonly R[], firmDefault: Language): Array<{ language: Language; recipients: R[] }> {
  const groups = new Map<Language, R[]>();
  for (const r of recipients) {
    const language = staffMailLanguage(r, firmDefault);
    const group = groups.get(language);
    if (group) group.push(r);
    else groups.set(language, [r]);
  }
  return [...groups].map(([language, members]) => ({ language, recipients: members }));
}
