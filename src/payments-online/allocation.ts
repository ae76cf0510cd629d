// Pure: how money that arrives through a gateway is applied. The checkout remembers what was
// asked for each invoice; by the time the provider calls back, staff may have recorded other
// payments or credit. Each invoice gets what was asked for it, capped at its CURRENT balance;
// whatever no longer fits stays as client credit — never lost, never applied twice.

import type { Allocation } from '../ledger/ledger.js';
import type { Minor } from '../money/money.js';

/** An online payment's allocations against current balances, and the rest kept as client credit. */
export function planOnlineAllocations(
  amount: Minor,
  asked: ReadonlyArray<{ id: number; amount: Minor }>,
  currentBalances: ReadonlyMap<number, Minor>,
): { allocations: Allocation[]; credit: Minor } {
  let left = amount;
  const allocations: Allocation[] = [];
  const seen = new Set<number>();
  for (const a of asked) {
    if (left <= 0) break;
    if (seen.has(a.id)) continue;
    seen.add(a.id);
    const balance = currentBalances.get(a.id) ?? 0;
    const share = Math.min(a.amount, balance, left);
    if (share > 0) {
      allocations.push({ invoiceId: a.id, amount: share });
      left -= share;
    }
  }
  return { allocations, credit: left };
}
