/** An error the emulator returns in AWS JSON shape: `{"__type": name, "message": message}`. */
export class AwsError extends Error {
  constructor(
    readonly errorName: string,
    message: string,
    /** Overrides the model's status for protocol-level errors that are not in the model. */
    readonly statusOverride?: number,
  ) {
    super(message);
  }
}

export const invalidParameter = (message: string): AwsError =>
  new AwsError('InvalidParameterException', message);
export const resourceNotFound = (message: string): AwsError =>
  new AwsError('ResourceNotFoundException', message);
