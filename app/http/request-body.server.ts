// Request bodies read within a limit. The limit counts the bytes as they
// arrive, never trusting Content-Length (a chunked request has none, and a
// client may lie): the moment one byte too many arrives, reading stops and
// the request is refused, so an endless or enormous body costs at most the
// limit in memory.

export class BodyTooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`The request body is larger than ${limitBytes} bytes.`);
    this.name = "BodyTooLarge";
  }
}

/** True when the error (or what it wraps) is a body over its limit. */
export function isBodyTooLarge(error: unknown): error is BodyTooLarge {
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    if (current instanceof BodyTooLarge) return true;
  }
  return false;
}

/** The declared length already says it is too large: refuse without reading a byte. */
function declaredTooLarge(request: Request, maxBytes: number) {
  const declared = Number(request.headers.get("Content-Length"));
  return Number.isFinite(declared) && declared > maxBytes;
}

/** The body as a stream that errors with BodyTooLarge once more than `maxBytes` have arrived, and stops reading there. */
export function limitedBodyStream(request: Request, maxBytes: number): ReadableStream<Uint8Array> | null {
  if (!request.body) return null;
  const reader = request.body.getReader();
  let received = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      received += value.byteLength;
      if (received > maxBytes) {
        controller.error(new BodyTooLarge(maxBytes));
        await reader.cancel().catch(() => {});
        return;
      }
      controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** The same request with its body limited to `maxBytes` (reading past that throws BodyTooLarge). */
export function withBodyLimit(request: Request, maxBytes: number): Request {
  if (declaredTooLarge(request, maxBytes)) throw new BodyTooLarge(maxBytes);
  const body = limitedBodyStream(request, maxBytes);
  return new Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal, ...(body ? { duplex: "half" } : {}) } as RequestInit);
}

/** The whole body, at most `maxBytes` of it; throws BodyTooLarge beyond that. */
export async function readBodyWithin(request: Request, maxBytes: number): Promise<Buffer> {
  if (declaredTooLarge(request, maxBytes)) throw new BodyTooLarge(maxBytes);
  const stream = limitedBodyStream(request, maxBytes);
  if (!stream) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    chunks.push(chunk);
    length += chunk.byteLength;
  }
  return Buffer.concat(chunks, length);
}

/**
 * 413, and the connection closed after it: the client is still sending the
 * rest, which the server should not sit reading.
 */
export function payloadTooLarge(message = "Request body too large.") {
  return new Response(message, { status: 413, headers: { Connection: "close", "Cache-Control": "no-store", "Content-Type": "text/plain; charset=utf-8" } });
}
