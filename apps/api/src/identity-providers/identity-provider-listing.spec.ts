import { parse } from 'graphql';
import { identityProviderListingOf } from './identity-provider-listing';

describe('identityProviderListingOf', () => {
  it('reads summaries when no field names a detail, anywhere in the document', () => {
    expect(
      identityProviderListingOf(parse('{ tenants { edges { node { identityProviders { name } } } } }')),
    ).toBe('summary');
  });

  it('reads everything when a detail is named in a selection, an inline fragment or a named fragment', () => {
    for (const source of [
      '{ tenant(id: "x") { identityProviders { name saml { entityId } } } }',
      '{ tenant(id: "x") { identityProviders { ... on IdentityProvider { issuer } } } }',
      '{ tenant(id: "x") { identityProviders { ...P } } } fragment P on IdentityProvider { clientId }',
      // A name shared with another type reads everything too: a doubt costs time, not a wrong answer.
      '{ tenant(id: "x") { cognito { issuer } identityProviders { name } } }',
    ]) {
      expect(identityProviderListingOf(parse(source))).toBe('full');
    }
  });
});
