// xero-node reports failures in three shapes (a JSON string from the generated
// API clients, an axios error from token and /connections calls, or
// `{ response, body }`). Everything Solido decides on — status, Xero's error
// body, Retry-After — is read here, once.

export type XeroFailure = {
  /** HTTP status, or 0 when Xero could not be reached at all. */
  status: number;
  body: unknown;
  headers: Record<string, string>;
  message: string;
};

/**
 * A call that asks for a document (an invoice's PDF) reads its answer as bytes, whatever the
 * status, so Xero's JSON error body arrives as a Buffer (or, through xero-node's error string,
 * as `{ type: "Buffer", data: [...] }`): read as JSON where it is, so a refusal is explained the same way.
 */
function readableBody(body: unknown): unknown {
  const bytes = Buffer.isBuffer(body)
    ? body
    : body && typeof body === "object" && (body as { type?: unknown }).type === "Buffer" && Array.isArray((body as { data?: unknown }).data)
      ? Buffer.from((body as { data: number[] }).data)
      : undefined;
  if (!bytes) return body;
  const text = bytes.toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function fromParts(status: unknown, body: unknown, headers: unknown, message: string): XeroFailure {
  return {
    status: typeof status === "number" ? status : 0,
    body: readableBody(body),
    headers: (headers && typeof headers === "object" ? headers : {}) as Record<string, string>,
    message,
  };
}

export function readXeroFailure(error: unknown): XeroFailure {
  if (typeof error === "string") {
    try {
      const parsed = JSON.parse(error) as { response?: { statusCode?: number; body?: unknown; headers?: unknown } };
      return fromParts(parsed.response?.statusCode, parsed.response?.body, parsed.response?.headers, error);
    } catch {
      return fromParts(0, error, {}, error);
    }
  }
  if (error && typeof error === "object") {
    const candidate = error as {
      message?: string;
      response?: { status?: number; statusCode?: number; data?: unknown; body?: unknown; headers?: unknown };
      body?: unknown;
    };
    const response = candidate.response;
    return fromParts(
      response?.status ?? response?.statusCode,
      response?.data ?? response?.body ?? candidate.body,
      response?.headers,
      candidate.message ?? "Xero request failed",
    );
  }
  return fromParts(0, undefined, {}, String(error));
}

/** Xero's answer when a refresh token is dead (expired, revoked or already rotated past its grace). */
export function isInvalidGrant(failure: XeroFailure) {
  const body = failure.body as { error?: string } | undefined;
  return failure.status === 400 && body?.error === "invalid_grant";
}
