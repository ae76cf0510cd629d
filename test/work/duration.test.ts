import { describe, expect, it } from 'vitest';
import { formatDuration, hoursQuantity, parseDuration } from '../../src/work/duration.js';

describe('typed durations', () => {
  it('reads hours and minutes, decimal hours with either separator, and minutes', () => {
    expect(parseDuration('1:30')).toBe(90);
    expect(parseDuration('0:05')).toBe(5);
    expect(parseDuration('1.5')).toBe(90);
    expect(parseDuration('1,5')).toBe(90);
    expect(parseDuration('2h')).toBe(120);
    expect(parseDuration('0.25 h')).toBe(15);
    expect(parseDuration('45m')).toBe(45);
    expect(parseDuration('45 min')).toBe(45);
    expect(parseDuration('1h 30m')).toBe(90);
    expect(parseDuration('1h30')).toBe(90);
    expect(parseDuration('8')).toBe(480);
  });

  it('rounds fractions of a minute with the one rounding rule', () => {
    expect(parseDuration('0.33')).toBe(20); // 19.8 minutes
    expect(parseDuration('0.0083')).toBe(0); // half a minute rounds to 0 and is refused later
  });

  it('refuses what is not a duration', () => {
    for (const bad of ['', ' ', 'abc', '1:60', '1:5', '-1', '1e3', '1.2.3', '٣', '1h 75m', 'x'.repeat(50), '1,5,0']) {
      expect(parseDuration(bad), bad).toBeNull();
    }
  });
});

describe('showing and billing durations', () => {
  it('shows minutes as h:mm', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(6000)).toBe('100:00');
  });

  it('turns minutes into an invoice quantity in hours, to the hundredth', () => {
    expect(hoursQuantity(90)).toBe('1.5');
    expect(hoursQuantity(60)).toBe('1');
    expect(hoursQuantity(20)).toBe('0.33');
    expect(hoursQuantity(40)).toBe('0.67');
    expect(hoursQuantity(1)).toBe('0.02');
  });
});
