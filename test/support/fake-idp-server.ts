import { createServer, Server } from 'node:http';
import { testSamlMetadata } from '../../libs/federation/src/testing/saml-metadata.factory';

export interface FakeIdp {
  /** http://127.0.0.1:<port>: allowlist it with IDP_FETCH_ALLOW_HTTP and IDP_FETCH_ALLOWLIST=127.0.0.1/32. */
  base: string;
  samlMetadataUrl: string;
  oidcIssuer: string;
  /** What /saml/metadata.xml serves from now on (a rotated certificate, a broken document, an HTTP error). */
  serveSamlMetadata(body: string, status?: number): void;
  close(): Promise<void>;
}

/** A customer IdP on loopback: SAML metadata at /saml/metadata.xml and an OIDC issuer at /oidc. */
export async function startFakeIdp(): Promise<FakeIdp> {
  let base = '';
  let saml = { body: testSamlMetadata('https://fetched.example.com/idp'), status: 200 };
  const server: Server = createServer((req, res) => {
    if (req.url === '/saml/metadata.xml') {
      res.writeHead(saml.status, { 'content-type': 'application/samlmetadata+xml' });
      res.end(saml.body);
    } else if (req.url === '/oidc/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(oidcDiscoveryDocument(`${base}/oidc`)));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    base,
    samlMetadataUrl: `${base}/saml/metadata.xml`,
    oidcIssuer: `${base}/oidc`,
    serveSamlMetadata: (body, status = 200) => {
      saml = { body, status };
    },
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** A minimal, valid OIDC discovery document for an issuer. */
export function oidcDiscoveryDocument(issuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    userinfo_endpoint: `${issuer}/userinfo`,
    scopes_supported: ['openid', 'email', 'profile'],
    response_types_supported: ['code'],
  };
}
