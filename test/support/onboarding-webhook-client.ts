import { signWebhook, WEBHOOK_SIGNATURE_HEADER } from '@idplane/messaging';

export interface WebhookResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & {
    error?: { code: string; message: string; field?: string; issues?: { field: string }[] };
  };
}

/** Posts an onboarding event signed with `secret`, as a billing or CRM system does. */
export async function postOnboardingEvent(
  baseUrl: string,
  source: string,
  secret: string,
  event: unknown,
  options: {
    timestamp?: number;
    signature?: string | null;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<WebhookResponse> {
  const body = options.rawBody ?? JSON.stringify(event);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature =
    options.signature === undefined ? signWebhook(secret, timestamp, body) : options.signature;
  const res = await fetch(`${baseUrl}/webhooks/onboarding/${source}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature === null ? {} : { [WEBHOOK_SIGNATURE_HEADER]: signature }),
      ...options.headers,
    },
    body,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as WebhookResponse['body'] };
}
