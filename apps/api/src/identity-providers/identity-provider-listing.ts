import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, DocumentNode, visit } from 'graphql';
import type { IdentityProviderListing } from '@idplane/persistence';

/**
 * IdentityProvider fields read from the type-specific settings or the SAML metadata summary: the costly part of an
 * IdP to read and send. Matched by name anywhere in a document (`issuer` of `cognito`, `scopes` of a machine client
 * too), so that a doubt reads everything: a false match costs time, never a wrong answer.
 */
const DETAIL_FIELDS: ReadonlySet<string> = new Set([
  'saml',
  'metadataUrl',
  'idpInitiatedSignOn',
  'signOut',
  'requestSigningAlgorithm',
  'encryptedResponses',
  'issuer',
  'clientId',
  'scopes',
  'attributesRequestMethod',
  'teamId',
  'keyId',
]);

const byDocument = new WeakMap<DocumentNode, IdentityProviderListing>();

/** How much of each IdP an operation needs: `summary` when no field anywhere in it names a detail. */
export function identityProviderListingOf(document: DocumentNode): IdentityProviderListing {
  let listing = byDocument.get(document);
  if (listing === undefined) {
    listing = 'summary';
    visit(document, {
      Field(node) {
        if (!DETAIL_FIELDS.has(node.name.value)) return undefined;
        listing = 'full';
        return BREAK;
      },
    });
    byDocument.set(document, listing);
  }
  return listing;
}

/** Where tenant children are read for a request, this says how much of each IdP to read. */
export interface IdentityProviderListingContext {
  identityProviderListing?: IdentityProviderListing;
}

/** What the request's document needs of each IdP (set by identityProviderListingPlugin); all of it if unknown. */
export const identityProviderListingOfRequest = (context: object): IdentityProviderListing =>
  (context as IdentityProviderListingContext).identityProviderListing ?? 'full';

/** Decides the request's IdP listing once its document is known, before any resolver runs. */
export function identityProviderListingPlugin(): ApolloServerPlugin<IdentityProviderListingContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          contextValue.identityProviderListing = identityProviderListingOf(document);
        },
      };
    },
  };
}
