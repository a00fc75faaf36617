export interface GraphQLResponse<T> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; field?: string } }[];
}

/** Posts one GraphQL operation over HTTP, as the admin portal does. */
export async function graphql<T = Record<string, unknown>>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLResponse<T>> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: GraphQLResponse<T>['errors'] };
  return { status: res.status, data: body.data ?? undefined, errors: body.errors };
}

export const CREATE_TENANT = `
  mutation CreateTenant($input: CreateTenantInput!) {
    createTenant(input: $input) {
      tenant { id slug displayName isolationModel status generation observedGeneration version
               conditions { type status reason message } cognito { userPoolId appClientId issuer } }
    }
  }`;

export const TENANT = `
  query Tenant($id: ID!) {
    tenant(id: $id) {
      id slug status generation observedGeneration
      conditions { type status reason message } cognito { userPoolId appClientId issuer }
    }
  }`;

/** Creates a tenant with a callback URL through GraphQL and returns its id; throws on any error. */
export async function createTenantOverHttp(
  url: string,
  token: string,
  slug: string,
  isolationModel: 'DEDICATED_POOL' | 'SHARED_POOL',
): Promise<string> {
  const res = await graphql<{ createTenant: { tenant: { id: string } } }>(
    url,
    CREATE_TENANT,
    {
      input: { slug, displayName: slug, isolationModel, callbackUrls: [`https://${slug}.example/callback`] },
    },
    token,
  );
  if (!res.data || res.errors) throw new Error(`createTenant ${slug}: ${JSON.stringify(res.errors)}`);
  return res.data.createTenant.tenant.id;
}
