/**
 * The API's failures as one typed error.
 *
 * Every failure of the API is the envelope of API.md, `{code, message, details}`; validation errors
 * carry `details.fields` (a field path such as `sflTenor.targetAudience` → messages), 429 carries a
 * `Retry-After` header. Anything else (a proxy's HTML page, a dropped connection) still becomes an
 * ApiError, so callers handle exactly one error type.
 */

export type FieldErrors = Readonly<Record<string, readonly string[]>>;

export class ApiError extends Error {
  override readonly name = "ApiError";
  /** HTTP status; 0 when no response arrived (offline, DNS, connection reset). */
  readonly status: number;
  /** The envelope's machine-readable code (`validation_error`, `token_expired`, …). */
  readonly code: string;
  readonly fields: FieldErrors;
  /** Seconds to wait before trying again (from `Retry-After`), when the server said so. */
  readonly retryAfter: number | null;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    fields?: FieldErrors;
    retryAfter?: number | null;
    details?: Record<string, unknown>;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.fields = init.fields ?? {};
    this.retryAfter = init.retryAfter ?? null;
    this.details = init.details ?? {};
  }

  /** The messages for one field path, joined into one sentence; undefined when it has none. */
  fieldError(path: string): string | undefined {
    const messages = this.fields[path];
    return messages && messages.length > 0 ? messages.join(" ") : undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseFields(details: Record<string, unknown>): FieldErrors {
  const raw = details.fields;
  if (!isRecord(raw)) return {};
  const fields: Record<string, string[]> = {};
  for (const [path, value] of Object.entries(raw)) {
    if (typeof value === "string") fields[path] = [value];
    else if (Array.isArray(value)) fields[path] = value.filter((m): m is string => typeof m === "string");
  }
  return fields;
}

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (header === null || header.trim() === "") return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

const FALLBACK_MESSAGES: Record<number, string> = {
  400: "The request was not accepted.",
  401: "You are not signed in.",
  403: "You are not allowed to do this.",
  404: "Not found.",
  413: "That is too large.",
  429: "Too many requests; wait a moment and try again.",
  500: "Something went wrong on the server.",
  502: "The AI provider failed to answer.",
  503: "The service is unavailable right now.",
  504: "The AI provider did not answer in time.",
};

/** Build the ApiError for a failed response; `body` is the parsed JSON (or text) of its body. */
export function apiErrorFromResponse(response: Response, body: unknown): ApiError {
  const retryAfter = parseRetryAfter(response.headers.get("Retry-After"));
  if (isRecord(body) && typeof body.code === "string" && typeof body.message === "string") {
    const details = isRecord(body.details) ? body.details : {};
    return new ApiError({
      status: response.status,
      code: body.code,
      message: body.message,
      fields: parseFields(details),
      retryAfter,
      details,
    });
  }
  return new ApiError({
    status: response.status,
    code: `http_${response.status}`,
    message: FALLBACK_MESSAGES[response.status] ?? `The server answered ${response.status}.`,
    retryAfter,
  });
}

/** Whatever a request threw (a TypeError from fetch when offline) as an ApiError. */
export function apiErrorFromException(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError({
    status: 0,
    code: "network_error",
    message: "Cannot reach the server. Check your connection and try again.",
    details: { cause: error instanceof Error ? error.message : String(error) },
  });
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}
