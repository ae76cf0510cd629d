/** A positive safe-integer id from a URL or query value, or null (answer 404). */
export function parseId(value: string | undefined | null): number | null {
  if (!value || !/^[1-9]\d{0,14}$/.test(value)) return null;
  return Number(value);
}

/** A 1-based page number from the query string; anything odd becomes 1. */
export function parsePage(value: string | undefined): number {
  if (!value || !/^[1-9]\d{0,5}$/.test(value)) return 1;
  return Number(value);
}
