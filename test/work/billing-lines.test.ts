import { describe, expect, it } from 'vitest';
import { groupTime, workLines, type BillableTime } from '../../src/work/billing-lines.js';

const entry = (over: Partial<BillableTime>): BillableTime => ({ id: 1, project_id: 1, project_name: 'Audit', task: 'Fieldwork', staff_user_id: 7, staff_name: 'Anna', date: '2026-03-02', minutes: 60, ...over });

const ctx = {
  rates: new Map([[1, 8000], [2, 10000]]),
  timeTaxRate: '24',
  expenseTaxRate: '0',
  describeTime: (g: { project_name: string; task: string | null; staff_name: string; from: string; to: string }) => `${g.project_name}/${g.task ?? '-'}/${g.staff_name} ${g.from}..${g.to}`,
  describeExpense: (e: { category: string }) => `Expense ${e.category}`,
};

describe('grouping time for an invoice', () => {
  it('makes one group per project, task and person, adding minutes and spanning dates', () => {
    const groups = groupTime([
      entry({ id: 1, minutes: 60, date: '2026-03-05' }),
      entry({ id: 2, minutes: 30, date: '2026-03-02', task: 'fieldwork ' }),
      entry({ id: 3, minutes: 45, staff_user_id: 8, staff_name: 'Babis' }),
      entry({ id: 4, minutes: 20, task: null }),
      entry({ id: 5, minutes: 15, project_id: 2, project_name: 'Payroll' }),
    ]);
    expect(groups.map((g) => [g.project_name, g.task, g.staff_name, g.minutes, g.from, g.to, g.entryIds])).toEqual([
      ['Audit', null, 'Anna', 20, '2026-03-02', '2026-03-02', [4]],
      ['Audit', 'Fieldwork', 'Anna', 90, '2026-03-02', '2026-03-05', [1, 2]],
      ['Audit', 'Fieldwork', 'Babis', 45, '2026-03-02', '2026-03-02', [3]],
      ['Payroll', 'Fieldwork', 'Anna', 15, '2026-03-02', '2026-03-02', [5]],
    ]);
  });
});

describe('invoice lines from work', () => {
  it('bills hours × the project rate, then each expense at its amount', () => {
    const groups = groupTime([entry({ id: 1, minutes: 90 }), entry({ id: 2, minutes: 20, project_id: 2, project_name: 'Payroll' })]);
    const r = workLines(groups, [{ id: 9, project_name: null, category: 'Travel', date: '2026-03-03', amount: 4550, notes: null }], ctx);
    expect(r).toEqual({
      ok: true,
      lines: [
        { description: 'Audit/Fieldwork/Anna 2026-03-02..2026-03-02', quantity: '1.5', unitPrice: 8000, taxRate: '24' },
        { description: 'Payroll/Fieldwork/Anna 2026-03-02..2026-03-02', quantity: '0.33', unitPrice: 10000, taxRate: '24' },
        { description: 'Expense Travel', quantity: '1', unitPrice: 4550, taxRate: '0' },
      ],
    });
  });

  it('refuses time of a project that has no rate, naming the project', () => {
    const r = workLines(groupTime([entry({ project_id: 3, project_name: 'New' })]), [], ctx);
    expect(r).toEqual({ ok: false, missingRates: [3] });
  });

  it('keeps descriptions on one line and within the invoice limit', () => {
    const r = workLines(groupTime([entry({})]), [], { ...ctx, describeTime: () => 'a\nb ' + 'x'.repeat(600) });
    expect(r.ok && r.lines[0]!.description.length).toBe(500);
    expect(r.ok && r.lines[0]!.description.startsWith('a b ')).toBe(true);
  });
});
