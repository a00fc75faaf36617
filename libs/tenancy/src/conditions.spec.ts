import { mergeConditions } from './conditions';

const t0 = new Date('2026-01-01T00:00:00Z');
const t1 = new Date('2026-01-02T00:00:00Z');

describe('mergeConditions', () => {
  it('adds new conditions stamped now, in a stable order', () => {
    const merged = mergeConditions(
      [],
      [
        { type: 'Synced', status: 'True', reason: 'Applied', message: '' },
        { type: 'Ready', status: 'True', reason: 'Reconciled', message: '' },
      ],
      t0,
    );
    expect(merged.map((c) => [c.type, c.lastTransitionTime])).toEqual([
      ['Ready', t0.toISOString()],
      ['Synced', t0.toISOString()],
    ]);
  });

  it('keeps the transition time when the status does not change, and moves it when it does', () => {
    const first = mergeConditions(
      [],
      [
        { type: 'Ready', status: 'True', reason: 'Reconciled', message: '' },
        { type: 'Synced', status: 'True', reason: 'Applied', message: '' },
      ],
      t0,
    );
    const second = mergeConditions(
      first,
      [
        { type: 'Ready', status: 'True', reason: 'Reconciled', message: 'again' },
        { type: 'Synced', status: 'False', reason: 'TransientError', message: 'throttled' },
      ],
      t1,
    );
    expect(second.find((c) => c.type === 'Ready')).toMatchObject({
      message: 'again',
      lastTransitionTime: t0.toISOString(),
    });
    expect(second.find((c) => c.type === 'Synced')).toMatchObject({
      status: 'False',
      lastTransitionTime: t1.toISOString(),
    });
  });

  it("keeps conditions written by other jobs, after the reconciler's own", () => {
    const merged = mergeConditions(
      [
        {
          type: 'IdpCertificatesValid',
          status: 'False',
          reason: 'CertificateExpiring',
          message: 'okta',
          lastTransitionTime: t0.toISOString(),
        },
      ],
      [{ type: 'Ready', status: 'True', reason: 'Reconciled', message: '' }],
      t1,
    );
    expect(merged.map((c) => [c.type, c.lastTransitionTime])).toEqual([
      ['Ready', t1.toISOString()],
      ['IdpCertificatesValid', t0.toISOString()],
    ]);
  });
});
