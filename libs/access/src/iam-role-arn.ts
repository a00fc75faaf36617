/**
 * An IAM role ARN in any partition that Cognito identity pools serve (aws, aws-cn, aws-us-gov). The path and
 * name follow IAM's limits: path segments and a name of `[\w+=,.@-]`, name at most 64 characters.
 */
export const IAM_ROLE_ARN_PATTERN =
  /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/** The identity pool API's limit on an ARN. */
const ARN_MAX_LENGTH = 2048;

export function isIamRoleArn(value: string): boolean {
  return value.length <= ARN_MAX_LENGTH && IAM_ROLE_ARN_PATTERN.test(value);
}
