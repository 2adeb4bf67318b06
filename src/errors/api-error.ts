// The one error type that reaches the wire. Every code is defined once, in catalogue.ts.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra envelope fields, e.g. AccessDeniedDetail. */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
