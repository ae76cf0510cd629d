/**
 * Folds text for search and sorting: lower case, accents removed, Greek final sigma
 * made ordinary, so "Παπαδοπουλος" finds "Παπαδόπουλος".
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ς/g, 'σ')
    .replace(/\s+/g, ' ')
    .trim();
}
