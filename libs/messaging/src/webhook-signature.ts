import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header a signed webhook carries: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-idplane-signature';

/** How far a signature's timestamp may be from now, either way: a captured request can't be replayed later. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export type WebhookSignatureProblem = 'missing' | 'malformed' | 'expired' | 'mismatch';

function hmac(secret: string, timestamp: number, body: Buffer | string): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}

/**
 * The signature header value for `body`, signed at `timestamp` (unix seconds): one `v1` per secret, so that during a
 * rotation a receiver holding either secret can check it.
 */
export function signWebhook(
  secrets: string | readonly string[],
  timestamp: number,
  body: Buffer | string,
): string {
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  return [
    `t=${timestamp}`,
    ...list.map((secret) => `v1=${hmac(secret, timestamp, body).toString('hex')}`),
  ].join(',');
}

/**
 * Checks a signature header against the raw body with any of `secrets` (two during a rotation). Several `v1`
 * entries are accepted, so a sender can sign with its old and new secret at once.
 */
export function verifyWebhookSignature(
  header: string | undefined,
  body: Buffer,
  secrets: readonly string[],
  nowSeconds: number,
  toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS,
): WebhookSignatureProblem | null {
  if (!header) return 'missing';
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const [key, value, extra] = part.trim().split('=');
    if (value === undefined || extra !== undefined) return 'malformed';
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || timestamp !== undefined) return 'malformed';
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/.test(value)) return 'malformed';
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  if (timestamp === undefined || signatures.length === 0 || signatures.length > 4) return 'malformed';
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return 'expired';
  const expected = secrets.map((secret) => hmac(secret, timestamp, body));
  const matches = signatures.some((given) => expected.some((want) => timingSafeEqual(given, want)));
  return matches ? null : 'mismatch';
}
