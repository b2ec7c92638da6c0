/** Codes of the errors our own API speaks (providers' callbacks map to their own codes). */
export type AppErrorCode =
  | "VALIDATION_FAILED"
  | "NOT_FOUND"
  | "NOT_PAYABLE"
  | "UNAUTHORIZED"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "RATE_LIMITED"
  | "INTERNAL";

const statusOf: Record<AppErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  NOT_PAYABLE: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

export type FieldError = { field: string; message: string };

export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: { fields?: FieldError[]; reason?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.statusCode = statusOf[code];
  }

  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details.fields ? { fields: this.details.fields } : {}),
        ...(this.details.reason ? { reason: this.details.reason } : {}),
      },
    };
  }
}

/** Zod issues → our field errors (`items.0.quantity`). */
export function fieldErrorsFromZod(issues: { path: PropertyKey[]; message: string }[]): FieldError[] {
  return issues.map((issue) => ({
    field: issue.path.map(String).join(".") || "body",
    message: issue.message,
  }));
}
