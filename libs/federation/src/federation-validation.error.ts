/** One problem found in admin-supplied federation input, addressed by a field path such as `emailDomains[2]`. */
export interface ValidationIssue {
  readonly field: string;
  readonly message: string;
  readonly code: string;
}

/**
 * Thrown when identity-provider input (SAML metadata, OIDC discovery, email domains) is refused.
 * Carries a field path and a stable code so that the API's error mapper can turn it into BAD_USER_INPUT
 * without parsing the message.
 */
export class FederationValidationError extends Error {
  readonly field: string;
  readonly code: string;
  readonly issues: readonly ValidationIssue[];

  constructor(issue: ValidationIssue, moreIssues: readonly ValidationIssue[] = []) {
    super(issue.message);
    this.name = 'FederationValidationError';
    this.field = issue.field;
    this.code = issue.code;
    this.issues = [issue, ...moreIssues];
  }

  static fromIssues(issues: readonly [ValidationIssue, ...ValidationIssue[]]): FederationValidationError {
    const [first, ...rest] = issues;
    return new FederationValidationError(first, rest);
  }
}
