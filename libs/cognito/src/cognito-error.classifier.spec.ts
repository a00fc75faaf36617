import { classifyCognitoError } from './cognito-error.classifier';

const awsError = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

describe('classifyCognitoError', () => {
  it.each([
    [awsError('ResourceNotFoundException', 400), 'not-found'],
    [awsError('TooManyRequestsException', 400), 'transient'],
    [awsError('InternalErrorException', 500), 'transient'],
    [awsError('DuplicateProviderException', 400), 'transient'],
    [awsError('SomethingNew', 503), 'transient'],
    [Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), 'transient'],
    [awsError('InvalidParameterException', 400), 'permanent'],
    [awsError('LimitExceededException', 400), 'permanent'],
    [awsError('NotAuthorizedException', 400), 'permanent'],
  ])('classifies %p as %s', (error, kind) => {
    expect(classifyCognitoError(error)).toBe(kind);
  });
});
