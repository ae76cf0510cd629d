// Pure: a receipt's number follows from its payment, so every payment (online or recorded by
// staff) has one from the moment it exists, and no counter can skip or repeat.

/** "RCT-2026-000123" for payment 123 dated in 2026. */
export function receiptNumber(payment: { id: number; date: string }): string {
  return `RCT-${payment.date.slice(0, 4)}-${String(payment.id).padStart(6, '0')}`;
}

/** The PDF file name of a receipt. */
export function receiptFilename(payment: { id: number; date: string }): string {
  return `${receiptNumber(payment)}.pdf`;
}
