import { Field, ID, ObjectType } from '@nestjs/graphql';
import { IdentityProviderType } from './identity-provider.types';

// Types of their own, not Tenant and IdentityProvider: discoverTenant is open to operators who may see no tenant,
// and nested fields ride on the root field's authorization, so the answer must hold nothing more than this.

@ObjectType({
  description: 'The tenant home-realm discovery found: just enough to show whose sign-in this is.',
})
export class DiscoveredTenant {
  @Field(() => ID, { description: 'The tenant id.' })
  id!: string;

  @Field({ description: 'The tenant slug.' })
  slug!: string;

  @Field({ description: 'The name shown to people.' })
  displayName!: string;
}

@ObjectType({ description: 'The identity provider the user is sent to.' })
export class DiscoveredIdentityProvider {
  @Field({ description: 'The Cognito ProviderName, as the authorize URL passes it in `identity_provider`.' })
  cognitoProviderName!: string;

  @Field(() => IdentityProviderType, { description: 'The kind of provider.' })
  type!: string;
}

@ObjectType({ description: 'Where to send a user to sign in, found from the domain of their email address.' })
export class HomeRealm {
  @Field(() => DiscoveredTenant, {
    description: 'The tenant whose identity provider claimed the email domain.',
  })
  tenant!: DiscoveredTenant;

  @Field(() => DiscoveredIdentityProvider, { description: 'The identity provider that claimed it.' })
  identityProvider!: DiscoveredIdentityProvider;

  @Field({
    description:
      "The tenant's hosted UI authorize URL (response_type=code, its app client, its first callback URL as " +
      'redirect_uri, identity_provider). Add your own state and PKCE code_challenge before redirecting.',
  })
  authorizeUrl!: string;
}
