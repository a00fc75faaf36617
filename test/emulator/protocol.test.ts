import { CreateUserPoolCommand, DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { expectAwsError, startHarness, type Harness } from './emulator-harness';

const AUTH =
  'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=abc';

describe('AWS JSON 1.1 protocol', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  const post = (headers: Record<string, string>, body: string): Promise<Response> =>
    fetch(`${harness.url}/`, { method: 'POST', headers, body });

  const headers = (target: string, extra: Record<string, string> = {}): Record<string, string> => ({
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
    authorization: AUTH,
    ...extra,
  });

  it('answers with the AWS content type and a request id', async () => {
    const response = await post(headers('ListUserPools'), JSON.stringify({ MaxResults: 10 }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({ UserPools: [] });
  });

  it('refuses a call without Authorization', async () => {
    const { authorization: _omit, ...unsigned } = headers('ListUserPools');
    const response = await post(unsigned, JSON.stringify({ MaxResults: 10 }));
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(await response.json()).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Request is missing Authentication Token',
    });
  });

  it('answers SerializationException for malformed JSON and wrong member types', async () => {
    const malformed = await post(headers('ListUserPools'), '{"MaxResults": 10');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { __type: string }).__type).toBe('SerializationException');
    const wrongType = await post(headers('ListUserPools'), JSON.stringify({ MaxResults: 'ten' }));
    expect(wrongType.status).toBe(400);
    expect(((await wrongType.json()) as { __type: string }).__type).toBe('SerializationException');
    const array = await post(headers('CreateUserPool'), '[1,2]');
    expect(((await array.json()) as { __type: string }).__type).toBe('SerializationException');
  });

  it('answers UnknownOperationException for unknown targets and wrong content types', async () => {
    const unknown = await post(headers('MakeCoffee'), '{}');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { __type: string }).__type).toBe('UnknownOperationException');
    const noTarget = await post({ 'content-type': 'application/x-amz-json-1.1', authorization: AUTH }, '{}');
    expect(((await noTarget.json()) as { __type: string }).__type).toBe('UnknownOperationException');
    const wrongType = await post(
      headers('ListUserPools', { 'content-type': 'text/plain' }),
      '{"MaxResults": 1}',
    );
    expect(wrongType.status).toBe(404);
    expect(((await wrongType.json()) as { __type: string }).__type).toBe('UnknownOperationException');
  });

  it('refuses oversized bodies and survives aborted ones', async () => {
    const big = await post(
      headers('CreateUserPool'),
      JSON.stringify({ PoolName: 'x', pad: 'y'.repeat(2 * 1024 * 1024) }),
    );
    expect(big.status).toBe(413);
    const controller = new AbortController();
    const stream = new ReadableStream<Uint8Array>({
      start(ctrl) {
        ctrl.enqueue(new TextEncoder().encode('{"PoolName": "trunc'));
        setTimeout(() => controller.abort(), 20);
      },
    });
    await expect(
      fetch(`${harness.url}/`, {
        method: 'POST',
        headers: headers('CreateUserPool'),
        body: stream,
        signal: controller.signal,
        duplex: 'half',
      } as RequestInit),
    ).rejects.toThrow();
    const truncated = await post(headers('CreateUserPool'), '{"PoolName": "trunc');
    expect(((await truncated.json()) as { __type: string }).__type).toBe('SerializationException');
    // The emulator is still healthy and its state intact.
    const ok = await harness.idp().send(new CreateUserPoolCommand({ PoolName: 'after-abuse' }));
    const described = await harness.idp().send(new DescribeUserPoolCommand({ UserPoolId: ok.UserPool!.Id! }));
    expect(described.UserPool!.Name).toBe('after-abuse');
  });

  it('takes the region from the credential scope', async () => {
    const created = await post(
      headers('CreateUserPool', { authorization: AUTH.replace('us-east-1', 'eu-north-1') }),
      JSON.stringify({ PoolName: 'scoped' }),
    );
    const body = (await created.json()) as { UserPool: { Id: string; Arn: string } };
    expect(body.UserPool.Id.startsWith('eu-north-1_')).toBe(true);
    expect(body.UserPool.Arn).toContain(':eu-north-1:');
  });

  it('answers client errors with 400 like the live service, or with the model httpError traits on request', async () => {
    const wire = await expectAwsError(
      harness.idp().send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_nothere' })),
    );
    expect(wire.$metadata.httpStatusCode).toBe(400);
    const modelHarness = await startHarness(undefined, { errorStatus: 'model' });
    try {
      const model = await expectAwsError(
        modelHarness.idp().send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_nothere' })),
      );
      expect(model.name).toBe('ResourceNotFoundException');
      expect(model.$metadata.httpStatusCode).toBe(404);
    } finally {
      await modelHarness.close();
    }
  });
});
