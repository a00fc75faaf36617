import { signWebhook, verifyWebhookSignature } from './webhook-signature';

const SECRET = 'whsec_0123456789abcdef0123456789abcdef';
const OTHER = 'whsec_fedcba9876543210fedcba9876543210';
const body = Buffer.from('{"id":"evt_1"}');
const now = 1_780_000_000;

describe('webhook signatures', () => {
  it('accepts a signature made with the secret over the exact body and timestamp', () => {
    expect(verifyWebhookSignature(signWebhook(SECRET, now, body), body, [SECRET], now)).toBeNull();
  });

  it('accepts any configured secret (rotation) and any of several v1 entries', () => {
    expect(verifyWebhookSignature(signWebhook(OTHER, now, body), body, [SECRET, OTHER], now)).toBeNull();
    const both = signWebhook([OTHER, SECRET], now, body);
    expect(both.match(/v1=/g)).toHaveLength(2);
    expect(verifyWebhookSignature(both, body, [SECRET], now)).toBeNull();
    expect(verifyWebhookSignature(both, body, [OTHER], now)).toBeNull();
  });

  it('refuses another secret, a changed body and a changed timestamp', () => {
    expect(verifyWebhookSignature(signWebhook(OTHER, now, body), body, [SECRET], now)).toBe('mismatch');
    const header = signWebhook(SECRET, now, body);
    expect(verifyWebhookSignature(header, Buffer.from('{"id":"evt_2"}'), [SECRET], now)).toBe('mismatch');
    const moved = header.replace(`t=${now}`, `t=${now + 1}`);
    expect(verifyWebhookSignature(moved, body, [SECRET], now)).toBe('mismatch');
  });

  it('refuses a timestamp outside the tolerance either way', () => {
    expect(verifyWebhookSignature(signWebhook(SECRET, now - 301, body), body, [SECRET], now)).toBe('expired');
    expect(verifyWebhookSignature(signWebhook(SECRET, now + 301, body), body, [SECRET], now)).toBe('expired');
    expect(verifyWebhookSignature(signWebhook(SECRET, now - 300, body), body, [SECRET], now)).toBeNull();
  });

  it('tells a missing header from a malformed one', () => {
    expect(verifyWebhookSignature(undefined, body, [SECRET], now)).toBe('missing');
    for (const header of [
      'garbage',
      `t=${now}`,
      'v1=abc',
      `t=x,v1=${'0'.repeat(64)}`,
      `t=${now},t=${now},v1=${'0'.repeat(64)}`,
      `t=${now},v1=${'0'.repeat(63)}`,
    ]) {
      expect(verifyWebhookSignature(header, body, [SECRET], now)).toBe('malformed');
    }
  });
});
