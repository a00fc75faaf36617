import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { GraphQLResponse } from './graphql-client';

/**
 * Subscribes over graphql-ws as the admin portal does, calls `poke` until the first message arrives (events
 * published before the subscription is live are not replayed), and returns that message: data, or the errors.
 */
export async function firstSubscriptionMessage<T>(
  wsUrl: string,
  token: string | undefined,
  query: string,
  variables: Record<string, unknown>,
  poke: () => Promise<unknown>,
): Promise<Pick<GraphQLResponse<T>, 'data' | 'errors'>> {
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
  });
  try {
    return await new Promise((resolve, reject) => {
      let settled = false;
      const settle = (value: Pick<GraphQLResponse<T>, 'data' | 'errors'>) => {
        settled = true;
        resolve(value);
      };
      client.subscribe<T>(
        { query, variables },
        {
          next: (value) =>
            settle({ data: value.data ?? undefined, errors: value.errors as GraphQLResponse<T>['errors'] }),
          error: (errors) => settle({ errors: errors as GraphQLResponse<T>['errors'] }),
          complete: () => undefined,
        },
      );
      const deadline = Date.now() + 10_000;
      const tick = async () => {
        if (settled) return;
        if (Date.now() > deadline) return reject(new Error('no subscription message within 10 s'));
        await poke();
        setTimeout(() => void tick(), 50);
      };
      void tick();
    });
  } finally {
    await client.dispose();
  }
}
