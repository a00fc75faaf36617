import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultRule } from '../faults/fault-injector';
import { sendJson } from '../protocol/json-response';
import { readBody } from '../protocol/request-body.reader';
import type { ResourceLimits } from '../quotas/resource-limits';
import type { EmulatorRuntime } from '../server/emulator-runtime';

interface FaultUpdate extends FaultRule {
  operation?: string;
}

interface QuotaUpdate {
  enabled?: boolean;
  scale?: number;
  limits?: Partial<ResourceLimits>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkRate(value: unknown, name: string): void {
  if (value !== undefined && (typeof value !== 'number' || value < 0 || value > 1)) {
    throw new Error(`${name} must be a number between 0 and 1`);
  }
}

function checkMs(value: unknown, name: string): void {
  if (value !== undefined && (typeof value !== 'number' || value < 0))
    throw new Error(`${name} must be >= 0`);
}

function faultUpdate(body: unknown): FaultUpdate {
  if (!isRecord(body)) throw new Error('body must be a JSON object');
  checkRate(body.errorRate, 'errorRate');
  checkRate(body.throttleRate, 'throttleRate');
  checkMs(body.latencyMs, 'latencyMs');
  checkMs(body.jitterMs, 'jitterMs');
  return body as FaultUpdate;
}

function applyQuotaUpdate(runtime: EmulatorRuntime, body: unknown): void {
  if (!isRecord(body)) throw new Error('body must be a JSON object');
  const update = body as QuotaUpdate;
  if (update.enabled !== undefined && typeof update.enabled !== 'boolean')
    throw new Error('enabled must be boolean');
  if (update.scale !== undefined && (typeof update.scale !== 'number' || update.scale <= 0)) {
    throw new Error('scale must be a positive number');
  }
  if (update.limits !== undefined) {
    if (!isRecord(update.limits)) throw new Error('limits must be an object');
    for (const [key, value] of Object.entries(update.limits)) {
      if (!(key in runtime.limits)) throw new Error(`unknown limit ${key}`);
      if (typeof value !== 'number' || value < 0) throw new Error(`${key} must be a number >= 0`);
    }
    Object.assign(runtime.limits, update.limits);
  }
  const settings: { enabled?: boolean; scale?: number } = {};
  if (update.enabled !== undefined) settings.enabled = update.enabled;
  if (update.scale !== undefined) settings.scale = update.scale;
  runtime.rateLimiter.configure(settings);
}

function quotaView(runtime: EmulatorRuntime): unknown {
  return { ...runtime.rateLimiter.current, limits: { ...runtime.limits } };
}

/** The emulator's own control API under /_emulator/ (JSON, not AWS-shaped). */
export async function handleAdminApi(
  runtime: EmulatorRuntime,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): Promise<void> {
  const send = (status: number, body: unknown): void =>
    sendJson(response, status, body, 'admin', 'application/json');
  const method = request.method ?? 'GET';
  let body: unknown;
  if (method === 'POST' || method === 'PUT') {
    const raw = await readBody(request, runtime.settings.maxBodyBytes);
    if (!raw.ok) return send(413, { error: 'body too large or aborted' });
    try {
      const text = raw.body.toString('utf8');
      body = text.trim() ? (JSON.parse(text) as unknown) : {};
    } catch {
      return send(400, { error: 'body must be JSON' });
    }
  }
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  try {
    switch (route) {
      case 'GET /_emulator/state':
        return send(200, runtime.store.state);
      case 'POST /_emulator/reset':
        runtime.store.reset();
        runtime.stateWriter?.schedule();
        return send(200, { reset: true });
      case 'GET /_emulator/calls':
        return send(200, runtime.calls.snapshot());
      case 'POST /_emulator/calls/reset':
        runtime.calls.reset();
        return send(200, { reset: true });
      case 'GET /_emulator/faults':
        return send(200, runtime.faults.current);
      case 'POST /_emulator/faults': {
        const update = faultUpdate(body);
        const { operation = '*', ...rule } = update;
        runtime.faults.set(operation, rule);
        return send(200, runtime.faults.current);
      }
      case 'POST /_emulator/faults/reset':
        runtime.faults.reset();
        return send(200, runtime.faults.current);
      case 'GET /_emulator/quotas':
        return send(200, quotaView(runtime));
      case 'POST /_emulator/quotas':
        applyQuotaUpdate(runtime, body);
        return send(200, quotaView(runtime));
      default:
        return send(404, { error: `no admin route ${route}` });
    }
  } catch (error) {
    return send(400, { error: error instanceof Error ? error.message : String(error) });
  }
}
