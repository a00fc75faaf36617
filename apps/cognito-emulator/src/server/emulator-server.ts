import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAdminApi } from '../admin/admin-api.handler';
import type { EmulatorSettings } from '../config/emulator-settings';
import { sendJson } from '../protocol/json-response';
import { handleWellKnown } from '../tokens/well-known.handler';
import { handleAwsJson } from './aws-json.handler';
import { EmulatorRuntime } from './emulator-runtime';

export interface RunningEmulator {
  url: string;
  port: number;
  runtime: EmulatorRuntime;
  close(): Promise<void>;
}

async function route(
  runtime: EmulatorRuntime,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (path.startsWith('/_emulator/')) return handleAdminApi(runtime, request, response, path);
  if (request.method === 'GET' && path.includes('/.well-known/'))
    return handleWellKnown(runtime, request, response, path);
  if (request.method === 'POST' && path === '/') return handleAwsJson(runtime, request, response);
  request.resume();
  sendJson(response, 404, { __type: 'UnknownOperationException', message: '' }, 'none');
}

/** Starts the HTTP server; the returned close() stops it and flushes the state file. */
export async function startServer(settings: EmulatorSettings): Promise<RunningEmulator> {
  const runtime = new EmulatorRuntime(settings);
  const server: Server = createServer((request, response) => {
    route(runtime, request, response).catch((error: unknown) => {
      console.error('cognito-emulator: request failed', error);
      sendJson(response, 500, { __type: 'InternalErrorException', message: 'Internal error' }, 'none');
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  runtime.settings.port = port;
  return {
    url: `http://${settings.host}:${port}`,
    port,
    runtime,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await runtime.stateWriter?.flush();
    },
  };
}
