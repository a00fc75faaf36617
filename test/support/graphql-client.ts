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
