import type { Language } from '../db/schema.js';

/**
 * ISO 3166-1 alpha-2 codes of current countries and territories. Stored uppercase on
 * clients (`GR`), shown by name in the reader's language, so snapshots and exports
 * carry a code any accounting system understands.
 */
export const COUNTRY_CODES: readonly string[] = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
  'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ ' +
  'UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

const known = new Set(COUNTRY_CODES);

/** True for an ISO 3166-1 alpha-2 code in upper case ("GR"). */
export function isCountryCode(code: string): boolean {
  return known.has(code);
}

const names = new Map<Language, Intl.DisplayNames>();

/** The country's name in `lang` ("GR" → "Greece" / "Ελλάδα"); the code itself when unknown. */
export function countryName(code: string | null, lang: Language): string {
  if (!code) return '';
  let dn = names.get(lang);
  if (!dn) {
    dn = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
    names.set(lang, dn);
  }
  return dn.of(code) ?? code;
}

const options = new Map<Language, Array<{ value: string; label: string }>>();

/** Every country as select options, sorted by name in `lang`. */
export function countryOptions(lang: Language): Array<{ value: string; label: string }> {
  let list = options.get(lang);
  if (!list) {
    const collator = new Intl.Collator(lang);
    list = COUNTRY_CODES.map((code) => ({ value: code, label: countryName(code, lang) })).sort((a, b) => collator.compare(a.label, b.label));
    options.set(lang, list);
  }
  return list;
}
