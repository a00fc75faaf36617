// A real OpenID Provider (the oidc-provider package) on loopback, run as its own process: the package is ESM-only
// and the tests run as CommonJS. Prints one JSON line {"issuer","port"} once it listens; stops on SIGTERM.
// ISSUER_HOST (default 127.0.0.1) sets the host the issuer names, while it always listens on 127.0.0.1; a
// different host makes a discovery document whose issuer does not match the URL it was fetched from.
import { createServer } from 'node:http';
import process from 'node:process';
import Provider from 'oidc-provider';

const server = createServer();
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const { port } = server.address();
const issuer = `http://${process.env.ISSUER_HOST ?? '127.0.0.1'}:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'idplane',
      client_secret: process.env.CLIENT_SECRET ?? 'oidc-provider-test-secret',
      redirect_uris: ['https://auth.example.com/oauth2/idpresponse'],
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  scopes: ['openid', 'email', 'profile'],
  // Cookie keys are required outside development; these protect nothing but a test's throwaway sessions.
  cookies: { keys: ['oidc-provider-test-cookie-key'] },
});
server.on('request', provider.callback());

process.stdout.write(`${JSON.stringify({ issuer, port })}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
