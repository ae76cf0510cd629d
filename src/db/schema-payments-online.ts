/** Tables of online payments, checkouts, webhook events, receipts, document emails and permalinks (filled in by migration 009). */
export interface OnlinePaymentTables {}
