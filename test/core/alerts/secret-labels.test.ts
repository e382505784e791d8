import { describe, expect, it } from 'vitest';
import { hasMaskedLabel, maskSecretLabels } from '../../../src/core/alerts/secret-labels.ts';

describe('maskSecretLabels', () => {
  it('masks a label secret by its shape or its name and keeps every other one verbatim', () => {
    const labels = { alertname: 'OrdersDbDown', namespace: 'shop', db_url: 'postgres://app:pw-1@db/orders', api_token: 'abc', pod: 'api-7f9c6d-x2' };
    const masked = maskSecretLabels(labels);
    expect(masked).toEqual({ alertname: 'OrdersDbDown', namespace: 'shop', db_url: '‹secret›', api_token: '‹secret›', pod: 'api-7f9c6d-x2' });
    expect(hasMaskedLabel(masked)).toBe(true);
    expect(hasMaskedLabel(maskSecretLabels({ alertname: 'HighLatency', service: 'api' }))).toBe(false);
    expect(labels.db_url).toBe('postgres://app:pw-1@db/orders');
  });
});
