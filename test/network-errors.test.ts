// How a failed request is described. DNS failures are tested here, not end to end: tests may not query a resolver.
import { describe, expect, it } from 'vitest';
import { describeNetworkError, retryAfterMs } from '../src/http/client.ts';

describe('network failures in words', () => {
  it.each([
    [{ code: 'ENOTFOUND' }, /host name not found \(DNS\)/],
    [{ cause: { code: 'EAI_AGAIN' } }, /host name not found \(DNS\)/],
    [{ code: 'ECONNREFUSED' }, /connection refused/],
    [{ cause: { code: 'ECONNRESET' } }, /connection reset by the target/],
    [{ name: 'TimeoutError' }, /no response in 1234 ms/],
    [{ code: 'UND_ERR_HEADERS_TIMEOUT' }, /no response in 1234 ms/],
    [{ code: 'CERT_HAS_EXPIRED' }, /TLS failure \(CERT_HAS_EXPIRED\): the certificate has expired/],
    [{ code: 'ERR_TLS_CERT_ALTNAME_INVALID' }, /does not name this host/],
    [{ code: 'SELF_SIGNED_CERT_IN_CHAIN' }, /pass --ca/],
    [{ message: 'something odd' }, /request failed: something odd/],
  ])('%j', (error, message) => {
    expect(describeNetworkError(error, 1234)).toMatch(message);
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates, and ignores what it cannot read', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
    expect(retryAfterMs(new Date(Date.now() - 5000).toUTCString())).toBe(0);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
