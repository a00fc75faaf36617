/** Compact input-constraint model, generated from the official Smithy models and walked by the validator. */
export interface LengthRange {
  min?: number;
  max?: number;
}

export interface MemberConstraint {
  shape: string;
  required?: true;
  length?: LengthRange;
  range?: LengthRange;
  pattern?: string;
}

export type ShapeConstraint =
  | { type: 'structure'; members: Record<string, MemberConstraint> }
  | { type: 'list'; member: string; length?: LengthRange }
  | { type: 'map'; key: string; value: string; length?: LengthRange }
  | { type: 'string'; length?: LengthRange; pattern?: string; enum?: string[] }
  | { type: 'integer' | 'long' | 'double'; range?: LengthRange }
  | { type: 'boolean' | 'timestamp' | 'blob' | 'document' };

export interface OperationConstraint {
  input: string;
  /** True when the operation accepts unsigned requests (smithy.api#optionalAuth or empty smithy.api#auth). */
  authOptional?: true;
}

export interface ServiceConstraints {
  targetPrefix: string;
  operations: Record<string, OperationConstraint>;
  shapes: Record<string, ShapeConstraint>;
  /** Error name → HTTP status from smithy.api#httpError (500 for server errors without one). */
  errors: Record<string, number>;
}

export type ServiceKey = 'cognito-idp' | 'cognito-identity';

export type EmulatorModel = Record<ServiceKey, ServiceConstraints>;
