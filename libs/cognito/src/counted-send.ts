import { NO_BUDGET, RequestBudget } from './request-budget';

/** Called once per logical SDK call, with how it ended ('ok' or the AWS error name) and the SDK's attempt count. */
export type CognitoCallListener = (call: { operation: string; outcome: string; attempts: number }) => void;

export interface SendableCommand {
  constructor: { name: string };
  input: object;
}

interface SdkClient {
  send(command: never): Promise<unknown>;
}

/**
 * One SDK call as every gateway makes it: take the operation's budget first, then report how the call ended to the
 * listener (metrics, run records), whether it succeeded or threw.
 */
export async function sendCounted<T>(
  client: SdkClient,
  command: SendableCommand,
  onCall: CognitoCallListener,
  budget: RequestBudget = NO_BUDGET,
  userPoolId?: string,
): Promise<T> {
  const operation = command.constructor.name.replace(/Command$/, '');
  await budget.take(operation, userPoolId);
  try {
    // The generic client.send overloads can't be named for a union of commands; the cast stays local to here.
    const result = (await (client.send as (c: SendableCommand) => Promise<unknown>).call(
      client,
      command,
    )) as T & {
      $metadata?: { attempts?: number };
    };
    onCall({ operation, outcome: 'ok', attempts: result.$metadata?.attempts ?? 1 });
    return result;
  } catch (error) {
    const e = error as { name?: string; $metadata?: { attempts?: number } };
    onCall({ operation, outcome: e.name ?? 'Error', attempts: e.$metadata?.attempts ?? 1 });
    throw error;
  }
}
