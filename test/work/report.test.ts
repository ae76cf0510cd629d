import { describe, expect, it } from 'vitest';
import { bucketize, chooseGranularity, MAX_BUCKETS, monthStart, reportTotals, weekStart } from '../../src/work/report.js';

describe('periods of the time chart', () => {
  it('starts weeks on Monday and months on the first', () => {
    expect(weekStart('2026-03-04')).toBe('2026-03-02'); // a Wednesday
    expect(weekStart('2026-03-08')).toBe('2026-03-02'); // a Sunday
    expect(weekStart('2026-03-02')).toBe('2026-03-02');
    expect(monthStart('2026-03-31')).toBe('2026-03-01');
  });

  it('uses weeks for a quarter or less, months beyond, and an explicit choice first', () => {
    expect(chooseGranularity(undefined, '2026-01-01', '2026-03-31')).toBe('week');
    expect(chooseGranularity(undefined, '2026-01-01', '2026-12-31')).toBe('month');
    expect(chooseGranularity(undefined, null, null)).toBe('month');
    expect(chooseGranularity('week', null, null)).toBe('week');
  });
});

describe('bucketing daily minutes', () => {
  const rows = [
    { date: '2026-01-05', billed: true, minutes: 60 },
    { date: '2026-01-06', billed: false, minutes: 30 },
    { date: '2026-03-10', billed: false, minutes: 45 },
  ];

  it('fills every month between the first and last, empty ones included', () => {
    const { buckets, truncated } = bucketize(rows, 'month', { from: null, to: null });
    expect(truncated).toBe(false);
    expect(buckets).toEqual([
      { start: '2026-01-01', end: '2026-01-31', billed: 60, unbilled: 30 },
      { start: '2026-02-01', end: '2026-02-28', billed: 0, unbilled: 0 },
      { start: '2026-03-01', end: '2026-03-31', billed: 0, unbilled: 45 },
    ]);
  });

  it('spans the chosen period and groups by week', () => {
    const { buckets } = bucketize(rows.slice(0, 2), 'week', { from: '2025-12-29', to: '2026-01-18' });
    expect(buckets.map((b) => [b.start, b.billed, b.unbilled])).toEqual([['2025-12-29', 0, 0], ['2026-01-05', 60, 30], ['2026-01-12', 0, 0]]);
  });

  it('keeps only the latest buckets of a very long range', () => {
    const { buckets, truncated } = bucketize([{ date: '2000-01-03', billed: true, minutes: 1 }, { date: '2026-01-05', billed: true, minutes: 1 }], 'week', { from: '0001-01-01', to: null });
    expect(truncated).toBe(true);
    expect(buckets).toHaveLength(MAX_BUCKETS);
    expect(buckets[buckets.length - 1]!.start).toBe('2026-01-05');
  });

  it('adds up totals', () => {
    expect(reportTotals(rows)).toEqual({ minutes: 135, billed: 60, unbilled: 75 });
    expect(bucketize([], 'week', { from: null, to: null })).toEqual({ buckets: [], truncated: false });
  });
});
