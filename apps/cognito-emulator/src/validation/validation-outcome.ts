/** What the validator found: constraint violations (InvalidParameterException) or a type mismatch (SerializationException). */
export interface ValidationOutcome {
  violations: string[];
  serializationError?: string;
}
