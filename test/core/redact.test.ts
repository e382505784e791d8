import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/core/redact.ts';

describe('redactSecrets', () => {
  it('masks secret-shaped strings and keeps the words around them', () => {
    expect(redactSecrets('DATABASE_URL=postgres://app:hunter2-pw@db.internal:5432/app')).toBe('DATABASE_URL=postgres://app:[redacted]@db.internal:5432/app');
    expect(redactSecrets('slack token xoxb-1234-5678-abcd in env')).toBe('slack token [redacted] in env');
    expect(redactSecrets('curl -H "Authorization: Bearer abcdefgh12345678"')).toContain('Bearer [redacted]');
    expect(redactSecrets('password: s3cr3t, user: bob')).toBe('password: [redacted], user: bob');
    expect(redactSecrets('posted to https://hooks.slack.com/services/T0/B0/XyZ')).toBe('posted to [redacted]');
  });

  it('leaves ordinary output alone', () => {
    const normal = 'deployment.apps/api-service rolled back; https://status.example.com/incidents/42 up 3/3';
    expect(redactSecrets(normal)).toBe(normal);
    const sha256 = 'a'.repeat(32) + '1'.repeat(32);
    expect(redactSecrets(`sha256 ${sha256}`)).toBe(`sha256 ${sha256}`);
  });
});
