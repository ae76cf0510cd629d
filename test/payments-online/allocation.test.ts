import { describe, expect, it } from 'vitest';
import { planOnlineAllocations } from '../../src/payments-online/allocation.js';

describe('applying money that arrived online', () => {
  const asked = [{ id: 1, amount: 1000 }, { id: 2, amount: 2000 }, { id: 3, amount: 3000 }];

  it('gives each invoice what was asked for it while balances are unchanged', () => {
    const current = new Map([[1, 1000], [2, 2000], [3, 3000]]);
    expect(planOnlineAllocations(6000, asked, current)).toEqual({ allocations: [{ invoiceId: 1, amount: 1000 }, { invoiceId: 2, amount: 2000 }, { invoiceId: 3, amount: 3000 }], credit: 0 });
  });

  it('keeps as credit what no longer fits an invoice paid meanwhile', () => {
    // Invoice 1 was paid in full and invoice 2 in part by staff.
    const current = new Map([[2, 500], [3, 3000]]);
    expect(planOnlineAllocations(6000, asked, current)).toEqual({ allocations: [{ invoiceId: 2, amount: 500 }, { invoiceId: 3, amount: 3000 }], credit: 2500 });
  });

  it('never gives an invoice more than was asked for it, even if its balance grew', () => {
    const current = new Map([[1, 9000]]);
    expect(planOnlineAllocations(1000, [{ id: 1, amount: 1000 }], current)).toEqual({ allocations: [{ invoiceId: 1, amount: 1000 }], credit: 0 });
  });

  it('never allocates more than the payment, nor the same invoice twice', () => {
    const current = new Map([[1, 1000], [2, 2000]]);
    expect(planOnlineAllocations(1500, [{ id: 1, amount: 1000 }, { id: 1, amount: 1000 }, { id: 2, amount: 2000 }], current)).toEqual({ allocations: [{ invoiceId: 1, amount: 1000 }, { invoiceId: 2, amount: 500 }], credit: 0 });
  });

  it('keeps everything as credit when every invoice was settled', () => {
    expect(planOnlineAllocations(6000, asked, new Map())).toEqual({ allocations: [], credit: 6000 });
  });

  it('Σ allocations + credit is always the payment, and no allocation exceeds a balance (random cases)', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 500; i++) {
      const list = Array.from({ length: 1 + rand(5) }, (_, k) => ({ id: k + 1, amount: 1 + rand(10000) }));
      const current = new Map(list.filter(() => rand(3) > 0).map((a) => [a.id, rand(12000)]));
      const amount = list.reduce((s, a) => s + a.amount, 0);
      const plan = planOnlineAllocations(amount, list, current);
      expect(plan.allocations.reduce((s, a) => s + a.amount, 0) + plan.credit).toBe(amount);
      for (const a of plan.allocations) {
        expect(a.amount).toBeGreaterThan(0);
        expect(a.amount).toBeLessThanOrEqual(current.get(a.invoiceId) ?? 0);
      }
    }
  });
});
