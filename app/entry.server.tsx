// Renders every HTML document: streamed to browsers, complete for bots, and
// always with the security headers (see security-headers.server.ts).
import { Transform, type TransformCallback } from "node:stream";
import type { EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { env } from "./server/env.server";
import { NonceProvider } from "./http/nonce";
import { applyDocumentSecurityHeaders, applyResponseSecurityHeaders, createNonce } from "./http/security-headers.server";

// For the production server (scripts/web-server.mjs), which reads them from the build: one rule for every response.
export { applyResponseSecurityHeaders, redactedForLog } from "./http/security-headers.server";

/** `.data` navigations and revalidations (single fetch): the same headers as documents, minus the page's CSP. */
export function handleDataRequest(response: Response) {
  applyResponseSecurityHeaders(response.headers);
  return response;
}

// A misconfigured server should refuse to start, not fail on its first request.
env();

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  // Bots and SPA mode get the whole document at once; browsers get it streamed.
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  const nonce = createNonce();
  applyDocumentSecurityHeaders(responseHeaders, nonce);

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const respond = () => {
      shellRendered = true;
      const body = new WrittenTogether();
      responseHeaders.set("Content-Type", "text/html");
      resolve(
        new Response(createReadableStreamFromReadable(body), {
          headers: responseHeaders,
          status: responseStatusCode,
        }),
      );
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady: waitForAll ? undefined : respond,
        onAllReady: waitForAll ? respond : undefined,
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors before the shell reject above and Remix logs them; later
          // ones (inside a Suspense boundary) would otherwise go unseen.
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY + 1_000);
  });
}

/**
 * The document's bytes, one chunk per batch React writes. React hands its
 * stream 2 KB pieces and calls `flush()` when a batch (the shell, a resolved
 * Suspense boundary) is complete; passed on piece by piece, each would be a
 * separate write, compression flush and socket write on its way out (Remix
 * flushes after every chunk) — most of a page's cost after rendering it. Held
 * until React's flush, a batch goes out as one, and streaming still sends each
 * batch as soon as it is ready.
 */
class WrittenTogether extends Transform {
  private pieces: Buffer[] = [];

  override _transform(piece: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.pieces.push(piece);
    done();
  }

  /** Called by React when a batch is complete. */
  flush() {
    if (this.pieces.length === 0) return;
    this.push(this.pieces.length === 1 ? this.pieces[0] : Buffer.concat(this.pieces));
    this.pieces = [];
  }

  override _flush(done: TransformCallback) {
    this.flush();
    done();
  }
}
