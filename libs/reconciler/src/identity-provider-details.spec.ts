import { providerDetailChanges, sameAttributeMapping, withoutSecrets } from './identity-provider-details';

interface Details {
  providerDetails: Record<string, string>;
  managedDetailKeys: string[];
}

describe('providerDetailChanges', () => {
  const saml: Details = {
    providerDetails: {
      MetadataFile: '<x/>',
      IDPSignout: 'false',
      IDPInit: 'true',
      EncryptedResponses: 'false',
    },
    managedDetailKeys: ['MetadataFile', 'MetadataURL', 'IDPSignout', 'IDPInit', 'EncryptedResponses'],
  };
  const oidc: Details = {
    providerDetails: { client_id: 'c', authorize_scopes: 'openid email', attributes_request_method: 'GET' },
    managedDetailKeys: ['client_id', 'authorize_scopes', 'attributes_request_method'],
  };

  it.each<[string, Details, Record<string, string>, string[]]>([
    ['identical SAML details', saml, { ...saml.providerDetails }, []],
    [
      'an absent false flag and keys Cognito adds itself',
      saml,
      { MetadataFile: '<x/>', IDPInit: 'true', SLORedirectBindingURI: 'https://idp/slo' },
      [],
    ],
    ['a flag turned off behind idplane', saml, { ...saml.providerDetails, IDPInit: 'false' }, ['IDPInit']],
    [
      'a MetadataURL set in the console',
      saml,
      { ...saml.providerDetails, MetadataURL: 'https://evil.example/metadata' },
      ['MetadataURL'],
    ],
    ['other metadata', saml, { ...saml.providerDetails, MetadataFile: '<y/>' }, ['MetadataFile']],
    ['scopes in another order', oidc, { client_id: 'c', authorize_scopes: 'email openid' }, []],
    ['a scope removed', oidc, { client_id: 'c', authorize_scopes: 'openid' }, ['authorize_scopes']],
    [
      'POST instead of GET',
      oidc,
      { ...oidc.providerDetails, attributes_request_method: 'POST' },
      ['attributes_request_method'],
    ],
  ])('%s', (_case, desired, observed, changes) => {
    expect(providerDetailChanges(desired, observed)).toEqual(changes);
  });
});

describe('sameAttributeMapping', () => {
  it.each<[Record<string, string>, Record<string, string>, boolean]>([
    [{ email: 'mail' }, { email: 'mail' }, true],
    [{ email: 'mail' }, { email: 'mail', username: 'sub' }, true],
    [{ email: 'mail' }, { email: 'mail', name: 'cn' }, false],
    [{ email: 'mail', name: 'cn' }, { email: 'mail' }, false],
    [{ email: 'mail' }, { email: 'upn' }, false],
  ])('%p vs %p: %p', (desired, observed, same) => {
    expect(sameAttributeMapping(desired, observed)).toBe(same);
  });
});

describe('withoutSecrets', () => {
  it('drops client_secret and private_key, nothing else', () => {
    expect(withoutSecrets({ client_id: 'c', client_secret: 's', private_key: 'k', team_id: 't' })).toEqual({
      client_id: 'c',
      team_id: 't',
    });
  });
});
