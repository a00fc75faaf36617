import { COGNITO_QUOTA_CATEGORIES } from '@idplane/config';
import { RATE_CATEGORIES } from './cognito-rate-categories';
import { budgetRates } from './request-budget';

describe('budgetRates', () => {
  it("uses AWS's default quotas, scaled", () => {
    expect(budgetRates('UserPoolResourceUpdate', { scale: 1 })).toEqual({ perAccount: 15, perPool: 5 });
    expect(budgetRates('UserPoolResourceUpdate', { scale: 0.5 })).toEqual({ perAccount: 7.5, perPool: 2.5 });
    expect(budgetRates('UserPoolRead', { scale: 2 })).toEqual({ perAccount: 30, perPool: null });
  });

  it('uses a raised per-account quota where COGNITO_QUOTAS gives one, scaled too; per-pool quotas stay', () => {
    const quotas = { UserPoolResourceUpdate: 40 };
    expect(budgetRates('UserPoolResourceUpdate', { scale: 1, quotas })).toEqual({
      perAccount: 40,
      perPool: 5,
    });
    expect(budgetRates('UserPoolResourceUpdate', { scale: 0.5, quotas })).toEqual({
      perAccount: 20,
      perPool: 2.5,
    });
    expect(budgetRates('UserPoolClientRead', { scale: 1, quotas })).toEqual({ perAccount: 15, perPool: 5 });
  });

  it('knows the same categories as the COGNITO_QUOTAS setting', () => {
    expect([...COGNITO_QUOTA_CATEGORIES].sort()).toEqual(Object.keys(RATE_CATEGORIES).sort());
  });
});
