import { describe, expect, it } from 'vitest';
import {
  addMinutes,
  formatClock,
  formatCountdown,
  formatDuration,
  formatTimeOfDay,
  msBetween,
  parseDetectedAt,
} from '../../src/core/time.ts';

const now = new Date('2026-11-26T10:20:00.000Z');

function parsed(input: string): string {
  const result = parseDetectedAt(input, now);
  if (!result.ok) throw new Error(result.error);
  return result.value.toISOString();
}

describe('parseDetectedAt', () => {
  it('takes a duration ago', () => {
    expect(parsed('14m')).toBe('2026-11-26T10:06:00.000Z');
    expect(parsed('1h30m')).toBe('2026-11-26T08:50:00.000Z');
    expect(parsed('14m50s')).toBe('2026-11-26T10:05:10.000Z');
    expect(parsed('90s')).toBe('2026-11-26T10:18:30.000Z');
    expect(parsed('2h')).toBe('2026-11-26T08:20:00.000Z');
    expect(parsed(' 20m ago ')).toBe('2026-11-26T10:00:00.000Z');
  });

  it('takes an ISO time with a zone', () => {
    expect(parsed('2026-11-26T10:00:00Z')).toBe('2026-11-26T10:00:00.000Z');
    expect(parsed('2026-11-26T11:00:00.250+01:00')).toBe('2026-11-26T10:00:00.250Z');
    expect(parsed('2026-11-26T10:00Z')).toBe('2026-11-26T10:00:00.000Z');
  });

  it('refuses what it cannot read, saying why', () => {
    const error = (input: string) => {
      const result = parseDetectedAt(input, now);
      return result.ok ? null : result.error;
    };
    expect(error('2026-11-26T10:00:00')).toBe('detected-at "2026-11-26T10:00:00" has no time zone: add Z for UTC, e.g. 2026-11-26T10:00:00Z');
    expect(error('2026-11-26T10:30:00Z')).toBe('detected-at "2026-11-26T10:30:00Z" is in the future');
    expect(error('2026-13-45T10:00:00Z')).toBe('detected-at "2026-13-45T10:00:00Z" is not a valid time');
    for (const bad of ['', 'ago', 'soon', '14', '14 minutes', '-5m', 'm']) expect(error(bad)).toMatch(/is neither an ISO time/);
  });
});

describe('formatting', () => {
  it('formats a stopwatch clock', () => {
    expect(formatClock(0)).toBe('00:00:00');
    expect(formatClock(25 * 60_000 + 7_999)).toBe('00:25:07');
    expect(formatClock(26 * 3_600_000)).toBe('26:00:00');
    expect(formatClock(-5)).toBe('00:00:00');
  });

  it('formats a UTC time of day', () => {
    expect(formatTimeOfDay('2026-11-26T10:05:09.900Z')).toBe('10:05:09');
    expect(formatTimeOfDay(Date.parse('2026-11-26T23:59:59Z'))).toBe('23:59:59');
  });

  it('formats durations', () => {
    expect(formatDuration(42_000)).toBe('42s');
    expect(formatDuration(42_999)).toBe('42s');
    expect(formatDuration(25 * 60_000)).toBe('25m');
    expect(formatDuration(14 * 60_000 + 50_000)).toBe('14m');
    expect(formatDuration(65 * 60_000)).toBe('1h 05m');
    expect(formatDuration(26 * 3_600_000 + 60_000)).toBe('26h 01m');
    expect(formatDuration(-1)).toBe('0s');
  });

  it('formats countdowns, rounding up and marking overdue', () => {
    expect(formatCountdown(252_000)).toBe('04:12');
    expect(formatCountdown(251_001)).toBe('04:12');
    expect(formatCountdown(0)).toBe('00:00');
    expect(formatCountdown(3_600_000 + 252_000)).toBe('1:04:12');
    expect(formatCountdown(-252_000)).toBe('-04:12');
  });

  it('does minute arithmetic on ISO strings', () => {
    expect(addMinutes('2026-11-26T10:00:00.000Z', 15)).toBe('2026-11-26T10:15:00.000Z');
    expect(msBetween('2026-11-26T10:00:00.000Z', '2026-11-26T10:05:00.000Z')).toBe(300_000);
  });
});
