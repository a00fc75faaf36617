import type { ServerResponse } from 'node:http';

export const AMZ_JSON = 'application/x-amz-json-1.1';

/** Writes a JSON response with the request id header every AWS response carries. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  requestId: string,
  contentType = AMZ_JSON,
): void {
  if (response.headersSent || response.destroyed) return;
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(payload),
    'x-amzn-RequestId': requestId,
  });
  response.end(payload);
}
