import { deliveryVerdict, lifecycleEventOf, webhookDeliveryJobs } from './lifecycle-events';

const message = {
  id: '5f0c2a9e-8a53-4c1e-9d2f-0b8f7a6e5d4c',
  topic: 'tenant.status_changed',
  aggregateId: '9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  payload: { to: 'ACTIVE' },
  createdAt: new Date('2026-11-29T12:00:00.000Z'),
};

describe('lifecycle events', () => {
  it('gives subscribers the outbox id as a stable event id, and the time it was written', () => {
    expect(lifecycleEventOf(message)).toEqual({
      id: message.id,
      type: 'tenant.status_changed',
      occurredAt: '2026-11-29T12:00:00.000Z',
      tenantId: message.aggregateId,
      data: { to: 'ACTIVE' },
    });
  });

  it('makes one job per subscriber, with an id that absorbs a double publish', () => {
    const jobs = webhookDeliveryJobs([message], ['billing', 'crm'], 12);
    expect(jobs.map((j) => j.opts.jobId)).toEqual([`${message.id}-billing`, `${message.id}-crm`]);
    expect(jobs.map((j) => j.data.subscriber)).toEqual(['billing', 'crm']);
    expect(jobs[0].opts).toMatchObject({ attempts: 12, backoff: { type: 'exponential', delay: 10_000 } });
    expect(webhookDeliveryJobs([message], [], 12)).toEqual([]);
  });

  it.each([
    [200, 'delivered'],
    [204, 'delivered'],
    [301, 'rejected'],
    [400, 'rejected'],
    [401, 'retry'],
    [403, 'retry'],
    [404, 'retry'],
    [410, 'rejected'],
    [422, 'rejected'],
    [408, 'retry'],
    [425, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
  ])('reads HTTP %i as %s', (status, verdict) => {
    expect(deliveryVerdict(status)).toBe(verdict);
  });
});
