import { Condition, CONDITION_TYPES, ConditionStatus, ConditionType } from './tenant';

export interface ConditionUpdate {
  type: ConditionType;
  status: ConditionStatus;
  reason: string;
  message: string;
}

/**
 * Merges condition updates into the previous set. lastTransitionTime moves only when a condition's status changes,
 * as in Kubernetes, so the portal can tell how long a tenant has been in its state.
 */
export function mergeConditions(previous: Condition[], updates: ConditionUpdate[], now: Date): Condition[] {
  const byType = new Map(previous.map((c) => [c.type, c]));
  for (const update of updates) {
    const before = byType.get(update.type);
    byType.set(update.type, {
      ...update,
      lastTransitionTime:
        before && before.status === update.status ? before.lastTransitionTime : now.toISOString(),
    });
  }
  return [...byType.values()].sort(
    (a, b) => CONDITION_TYPES.indexOf(a.type) - CONDITION_TYPES.indexOf(b.type),
  );
}
