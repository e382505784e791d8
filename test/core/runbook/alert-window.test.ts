import { describe, expect, it } from 'vitest';
import { alertWindowMinutes } from '../../../src/core/runbook/alert-window.ts';

describe('alertWindowMinutes', () => {
  it("reads the seed trigger's window", () => {
    expect(alertWindowMinutes('P99 Latency > 500ms for 5 minutes')).toBe(5);
  });

  it('understands the spellings people write', () => {
    expect(alertWindowMinutes('error rate > 5% for 10m')).toBe(10);
    expect(alertWindowMinutes('disk > 90% for over 1 hour')).toBe(60);
    expect(alertWindowMinutes('pool saturated for at least 90 seconds')).toBe(1.5);
    expect(alertWindowMinutes('5xx > 1% FOR 2 MINS')).toBe(2);
  });

  it('gives null when the trigger states no window, never a guess', () => {
    expect(alertWindowMinutes(null)).toBeNull();
    expect(alertWindowMinutes('Certificate expires in 7 days')).toBeNull();
    expect(alertWindowMinutes('P99 Latency > 500ms')).toBeNull();
    expect(alertWindowMinutes('for 0 minutes')).toBeNull();
  });
});
