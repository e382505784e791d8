// Redaction against a table of real-shaped secrets (each must disappear, the words around it
// stay) and of near-misses that carry no secret and must come through unchanged.
import { describe, expect, it } from 'vitest';
import { isSecretName, redactDeep, redactLines, redactSecrets } from '../../src/core/redact.ts';

// Shapes as the providers document them (AWS's own example key, Stripe's test-key format...),
// assembled at run time so no scanner mistakes this file for a leak.
const aws = { id: 'AKIA' + 'IOSFODNN7EXAMPLE', secret: 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCYEXAMPLEKEY' };
const ghp = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
const pat = 'github_pat_' + '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP';
const gcp = 'AIza' + 'SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY';
const stripe = 'sk_live_' + '51H8abcdEFGHijklMNOPqrstUVWX';
const jwt = 'eyJhbGciOiJSUzI1NiJ9' + '.eyJzdWIiOiJzeXN0ZW06c2EifQ.c2lnbmF0dXJlLWJ5dGVz';
const pemBody = ['MIIEpAIBAAKCAQEA7bq0hE1pYVb3kQ1J0Yt4z3ZmFq8H9X2wQ0aYq3n8m5Vh0c2s', 'Jx7RkZ5dA1bC2dE3fG4hI5jK6lM7nO8pQ9rS0tU1vW2xY3zA4bC5dE6fG7hI8jK9'];
const pem = ['-----BEGIN RSA PRIVATE KEY-----', ...pemBody, '-----END RSA PRIVATE KEY-----'];

/** [output line, what must be left of it] */
const mustMask: [string, string][] = [
  [`AWS_SECRET_ACCESS_KEY=${aws.secret}`, 'AWS_SECRET_ACCESS_KEY=[redacted]'],
  [`export AWS_ACCESS_KEY_ID=${aws.id}`, 'export AWS_ACCESS_KEY_ID=[redacted]'],
  [`aws_secret_access_key = ${aws.secret}`, 'aws_secret_access_key = [redacted]'],
  [`"SecretAccessKey": "${aws.secret}",`, '"SecretAccessKey": "[redacted]",'],
  [`creds ${aws.id} ${aws.secret}`, 'creds [redacted] [redacted]'],
  ['DB_PASSWORD=hunter2 ./migrate', 'DB_PASSWORD=[redacted] ./migrate'],
  ['PGPASSWORD=s3cr3t psql -h db', 'PGPASSWORD=[redacted] psql -h db'],
  ['MY_APP_SECRET_VALUE=abc123', 'MY_APP_SECRET_VALUE=[redacted]'],
  ['GITHUB_TOKEN=plain-value-123', 'GITHUB_TOKEN=[redacted]'],
  ['STRIPE_API_KEY: "hello world"', 'STRIPE_API_KEY: "[redacted]"'],
  ['--from-literal=password=hunter2', '--from-literal=password=[redacted]'],
  ['https://api.example.com/v1?api_key=abc123&page=2', 'https://api.example.com/v1?api_key=[redacted]&page=2'],
  ['client_secret: 0a1b2c3d', 'client_secret: [redacted]'],
  ['X-Api-Key: k-123456', 'X-Api-Key: [redacted]'],
  [`cloning with ${ghp}`, 'cloning with [redacted]'],
  [`GH=${pat}`, 'GH=[redacted]'],
  [`key=${gcp}`, 'key=[redacted]'],
  ['"access_token": "ya29.a0AfH6SMBx3kQ9-abcdefghijklmnop"', '"access_token": "[redacted]"'],
  [`"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n",`, '"private_key": "[redacted]",'],
  ['bot xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', 'bot [redacted]'],
  ['app xapp-1-A0123-456-abcdef', 'app [redacted]'],
  ['posting to https://hooks.slack.com/services/T000/B000/XXXXXXXX', 'posting to [redacted]'],
  [`charge with ${stripe}`, 'charge with [redacted]'],
  ['whsec_' + 'abcdefghijklmnopqrstuvwx1234', '[redacted]'],
  [`token: ${jwt}`, 'token: [redacted]'],
  ['postgres://app:hunter2-pw@db.internal:5432/app', 'postgres://app:[redacted]@db.internal:5432/app'],
  ['git clone https://x-access-token:abc123@github.com/org/repo', 'git clone https://x-access-token:[redacted]@github.com/org/repo'],
  ['curl -H "Authorization: Bearer abcdefgh12345678"', 'curl -H "Authorization: Bearer [redacted]"'],
  ['Authorization: Basic dXNlcjpwYXNz', 'Authorization: Basic [redacted]'],
  ['authorization: token 0123abcd', 'authorization: token [redacted]'],
  ['routing_key=0123456789abcdef0123456789abcdef', 'routing_key=[redacted]'],
  ['password: s3cr3t, user: bob', 'password: [redacted], user: bob'],
];

/** Lines that carry no secret, each with why it must stay. */
const nearMisses: [string, string][] = [
  ['kubectl get secret db-creds', 'names a Kubernetes secret; no value in it'],
  ['secret/db-creds created', 'kubectl output naming a secret'],
  ['TOKEN_TTL=30', 'a lifetime, not a token: the last word names metadata'],
  ['DB_PASSWORD_FILE=/run/secrets/db', 'a path to the secret, the operator needs it'],
  ['secretName: db-creds', 'a reference (Kubernetes volume spec)'],
  ['secretKeyRef:', 'a YAML key without a value'],
  ['- key: app', 'label selectors: bare `key` is everywhere in Kubernetes output'],
  ['PGPASSWORD="$DB_PASSWORD" psql', 'a variable reference, not its value'],
  ['commit 9fceb02d0ae598e95dc970b74767f19372d61af8', 'a git SHA-1: lowercase hex'],
  ['sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'a sha256 (64 hex)'],
  ['pk_live_' + '51H8abcdEFGHijklMNOPqrstUVWX', 'Stripe publishable keys are public by design'],
  ['https://status.example.com/incidents/42', 'a URL without credentials'],
  ['deployment.apps/api-service rolled back; 3/3 up', 'ordinary kubectl output'],
  ['monkey: banana', 'ends in "key" but names no key'],
  ['at 10:30:05 the token cache was flushed', 'the word token in prose'],
  ['-----BEGIN CERTIFICATE-----', 'certificates are public'],
];

describe('redactSecrets', () => {
  it.each(mustMask)('masks %s', (line, expected) => {
    expect(redactSecrets(line)).toBe(expected);
  });

  it.each(nearMisses)('leaves %s alone (%s)', (line) => {
    expect(redactSecrets(line)).toBe(line);
  });

  it('masks a multi-line private key in one text, also when its END was cut off', () => {
    expect(redactSecrets(`key:\n${pem.join('\n')}\ndone`)).toBe('key:\n[redacted private key]\ndone');
    expect(redactSecrets(`${pem.slice(0, 2).join('\n')}`)).toBe('[redacted private key]');
  });

  it('masks the lines of a key even when given one line at a time', () => {
    expect(pem.map(redactSecrets)).toEqual(pem.map(() => '[redacted private key]'));
  });

  it('is idempotent: redacting twice changes nothing more', () => {
    for (const [line] of mustMask) expect(redactSecrets(redactSecrets(line))).toBe(redactSecrets(line));
  });
});

describe('isSecretName', () => {
  it('follows *_SECRET_*, *_TOKEN, *_KEY and *PASSWORD* and skips metadata names', () => {
    for (const name of ['AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN', 'api_key', 'apiKey', 'PGPASSWORD', 'db.password', 'passwd', 'token']) {
      expect(isSecretName(name), name).toBe(true);
    }
    for (const name of ['TOKEN_TTL', 'SECRET_NAME', 'key', 'KEY_ID', 'monkey', 'DATABASE_URL', 'user']) {
      expect(isSecretName(name), name).toBe(false);
    }
  });
});

describe('redactLines', () => {
  it('masks every line of a private key and keeps the line count', () => {
    const lines = ['starting', ...pem, `AWS_SECRET_ACCESS_KEY=${aws.secret}`, 'ok'];
    const out = redactLines(lines);
    expect(out).toHaveLength(lines.length);
    expect(out).toEqual(['starting', ...pem.map(() => '[redacted private key]'), 'AWS_SECRET_ACCESS_KEY=[redacted]', 'ok']);
  });

  it('masks a key whose BEGIN or END line is outside a bounded tail', () => {
    expect(redactLines([...pemBody, pem[3] as string, 'ok'])).toEqual(['[redacted private key]', '[redacted private key]', '[redacted private key]', 'ok']);
    expect(redactLines(['x', pem[0] as string, pemBody[0] as string])).toEqual(['x', '[redacted private key]', '[redacted private key]']);
  });
});

describe('redactDeep', () => {
  it('redacts every string of a JSON value, keys and other values untouched', () => {
    const value = { tail: [...pem, 'ok'], nested: [{ script: `DB_PASSWORD=hunter2 run`, n: 3, ok: true, none: null }] };
    expect(redactDeep(value)).toEqual({
      tail: [...pem.map(() => '[redacted private key]'), 'ok'],
      nested: [{ script: 'DB_PASSWORD=[redacted] run', n: 3, ok: true, none: null }],
    });
  });
});
