// One production web process (`scripts/start-web.mjs` runs one per core): the
// Remix build behind node:http and @remix-run/node's request handler. It does
// what remix-serve did — the build's assets cached for a year, the rest of
// public/ for an hour, compression for clients that ask (br, gzip or deflate),
// a log line per request, a graceful stop — without Express's middleware chain,
// which cost every page a file-system lookup in public/, a router walk and a
// second copy of the request. Usage: node scripts/web-server.mjs ./build/index.js
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import url from "node:url";
import zlib from "node:zlib";
import { createRequestHandler, createReadableStreamFromReadable, installGlobals } from "@remix-run/node";

process.env.NODE_ENV ??= "production";
const buildPath = path.resolve(process.argv[2] ?? "./build/index.js");
const build = await import(url.pathToFileURL(buildPath).href);
installGlobals({ nativeFetch: build.future.v3_singleFetch });
const handleRequest = createRequestHandler(build, process.env.NODE_ENV);

async function handleWithRemix(req, res) {
  const request = remixRequest(req, res);
  if (!request) return send(res, 400, "Bad Request");
  const response = await handleRequest(request);
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  for (const [name, value] of response.headers) if (name !== "set-cookie") res.setHeader(name, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("Set-Cookie", cookies);
  if (!response.body) return res.end();
  const out = compressor(req, res);
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // The client left: stop the page's rendering rather than write into a closed socket.
      if (res.destroyed) return await reader.cancel();
      out.write(value);
      // Each chunk is a batch the page wants on the wire now (entry.server.tsx), so a compressor is flushed after it.
      out.flush?.();
    }
    out.end();
  } catch (error) {
    out.destroy(error);
    throw error;
  }
}

/** The Fetch request Remix reads, as @remix-run/express built it; aborted if the client goes before the response is done. */
function remixRequest(req, res) {
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const headers = new Headers();
  for (let index = 0; index < req.rawHeaders.length; index += 2) headers.append(req.rawHeaders[index], req.rawHeaders[index + 1]);
  // The port a proxy forwarded, else the Host header's (as remix-serve did); the host name is always the Host header's.
  const host = req.headers.host ?? "localhost";
  const forwardedPort = Number.parseInt(String(req.headers["x-forwarded-host"] ?? "").split(":")[1], 10);
  const hostname = host.replace(/:\d*$/, "");
  const hostPort = Number.parseInt(host.split(":")[1], 10);
  const port = Number.isSafeInteger(forwardedPort) ? forwardedPort : Number.isSafeInteger(hostPort) ? hostPort : "";
  const protocol = req.socket.encrypted ? "https" : "http";
  let href;
  try {
    href = new URL(`${protocol}://${hostname}${port ? `:${port}` : ""}${req.url}`).href;
  } catch {
    return undefined;
  }
  const init = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  return new Request(href, init);
}

// ——— Compression, as the `compression` middleware did it: for compressible types
// of 1 KB or more (or of unknown length), unless already encoded, a HEAD request
// or Cache-Control: no-transform; br at quality 4, gzip and deflate at zlib's default.

const COMPRESSIBLE = /^text\/|\+(?:json|text|xml)$|^application\/(?:json|javascript|xml|x-javascript|manifest\+json)|^image\/svg\+xml/i;
const ENCODINGS = ["br", "gzip", "deflate"];

function isCompressible(contentType) {
  return COMPRESSIBLE.test(contentType ?? "");
}

/** The encoding to answer an Accept-Encoding header with: the one it rates highest, br before gzip before deflate on a tie. */
function chooseEncoding(acceptEncoding) {
  if (!acceptEncoding) return undefined;
  const ratings = new Map();
  for (const part of acceptEncoding.split(",")) {
    const [name, ...parameters] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = parameters.map((parameter) => parameter.trim().match(/^q=([\d.]+)$/)).find(Boolean);
    ratings.set(name, q ? Number(q[1]) : 1);
  }
  let best;
  let bestRating = 0;
  for (const encoding of ENCODINGS) {
    const rating = ratings.get(encoding) ?? ratings.get("*") ?? 0;
    if (rating > bestRating) [best, bestRating] = [encoding, rating];
  }
  return best;
}

/** The stream to write the body to: a compressor piped to the response, or the response itself. */
function compressor(req, res) {
  const contentType = res.getHeader("Content-Type");
  if (!isCompressible(contentType)) return res;
  if (/(?:^|,)\s*no-transform\s*(?:,|$)/i.test(String(res.getHeader("Cache-Control") ?? ""))) return res;
  res.appendHeader("Vary", "Accept-Encoding");
  const length = res.getHeader("Content-Length");
  if (length !== undefined && Number(length) < 1024) return res;
  if (res.getHeader("Content-Encoding") || req.method === "HEAD") return res;
  const encoding = chooseEncoding(req.headers["accept-encoding"]);
  if (!encoding) return res;
  const stream = createEncoder(encoding);
  res.setHeader("Content-Encoding", encoding);
  res.removeHeader("Content-Length");
  stream.pipe(res);
  // A client that leaves mid-response frees the compressor's native memory at once.
  res.once("close", () => stream.destroy());
  return stream;
}

function createEncoder(encoding) {
  if (encoding === "br") return zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } });
  return encoding === "gzip" ? zlib.createGzip() : zlib.createDeflate();
}

// ——— Static files, as express.static served them: a content type, a validator
// (weak ETag and Last-Modified) answered with 304, and the file's cache lifetime.

function indexStaticFiles(roots) {
  const files = new Map();
  for (const { directory, urlPrefix, cacheControl } of roots) {
    const walk = (folder, prefix) => {
      if (!fs.existsSync(folder)) return;
      for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
        // Dotfiles are not served, as serve-static's default.
        if (entry.name.startsWith(".")) continue;
        const file = path.join(folder, entry.name);
        if (entry.isDirectory()) walk(file, `${prefix}${entry.name}/`);
        else if (entry.isFile()) {
          const { size, mtime } = fs.statSync(file);
          const contentType = contentTypeOf(entry.name);
          files.set(`${prefix}${entry.name}`, {
            file,
            size,
            contentType,
            cacheControl,
            etag: `W/"${size.toString(16)}-${mtime.getTime().toString(16)}"`,
            lastModified: mtime.toUTCString(),
            modifiedAt: Math.floor(mtime.getTime() / 1000) * 1000,
            compressed: new Map(),
          });
        }
      }
    };
    walk(path.resolve(directory), urlPrefix.endsWith("/") ? urlPrefix : `${urlPrefix}/`);
  }
  return files;
}

/** The decoded path of a request URL, or undefined when it cannot be a file's. */
function staticPath(requestUrl) {
  const pathname = requestUrl.split("?")[0];
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}

const CONTENT_TYPES = {
  ".js": "application/javascript; charset=UTF-8",
  ".mjs": "application/javascript; charset=UTF-8",
  ".css": "text/css; charset=UTF-8",
  ".map": "application/json; charset=UTF-8",
  ".json": "application/json; charset=UTF-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/vnd.microsoft.icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=UTF-8",
  ".html": "text/html; charset=UTF-8",
  ".webmanifest": "application/manifest+json; charset=UTF-8",
};

function contentTypeOf(name) {
  return CONTENT_TYPES[path.extname(name).toLowerCase()] ?? "application/octet-stream";
}

/** Whether the client's copy is still this file (If-None-Match first, else If-Modified-Since), as the `fresh` module decides. */
function isFresh(requestHeaders, file) {
  if (/(?:^|,)\s*no-cache\s*(?:,|$)/i.test(requestHeaders["cache-control"] ?? "")) return false;
  const noneMatch = requestHeaders["if-none-match"];
  if (noneMatch) {
    if (noneMatch.trim() === "*") return true;
    const bare = file.etag.replace(/^W\//, "");
    return noneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === bare);
  }
  const modifiedSince = Date.parse(requestHeaders["if-modified-since"] ?? "");
  return !Number.isNaN(modifiedSince) && file.modifiedAt <= modifiedSince;
}

function sendStaticFile(req, res, file) {
  res.setHeader("Cache-Control", file.cacheControl);
  res.setHeader("Last-Modified", file.lastModified);
  res.setHeader("ETag", file.etag);
  res.setHeader("Content-Type", file.contentType);
  const compressible = isCompressible(file.contentType);
  if (compressible) res.setHeader("Vary", "Accept-Encoding");
  if (isFresh(req.headers, file)) {
    res.statusCode = 304;
    return res.end();
  }
  const encoding = compressible && file.size >= 1024 ? chooseEncoding(req.headers["accept-encoding"]) : undefined;
  if (!encoding) {
    res.setHeader("Content-Length", file.size);
    if (req.method === "HEAD") return res.end();
    return fs.createReadStream(file.file).on("error", (error) => res.destroy(error)).pipe(res);
  }
  // The assets never change while the process runs: each is compressed once per encoding, then kept.
  let body = file.compressed.get(encoding);
  if (!body) {
    const content = fs.readFileSync(file.file);
    body =
      encoding === "br"
        ? zlib.brotliCompressSync(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } })
        : encoding === "gzip"
          ? zlib.gzipSync(content)
          : zlib.deflateSync(content);
    file.compressed.set(encoding, body);
  }
  res.setHeader("Content-Encoding", encoding);
  res.setHeader("Content-Length", body.length);
  if (req.method === "HEAD") return res.end();
  res.end(body);
}

function send(res, status, text) {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.end(text);
}

/** One line per request, as remix-serve's `morgan("tiny")` wrote it: method, URL, status, length, time. */
function logRequest(req, res, started) {
  const length = res.getHeader("Content-Length");
  process.stdout.write(`${req.method} ${req.url} ${res.statusCode} ${length ?? "-"} - ${(performance.now() - started).toFixed(3)} ms\n`);
}

// ——— Start: constants above are initialised by now.

/** Every file under public/ by URL path, indexed once: a deployment replaces the build and restarts the process. */
const staticFiles = indexStaticFiles([
  { directory: "public", urlPrefix: "/", cacheControl: "public, max-age=3600" },
  // The build's assets have content hashes in their names: a changed file is a new URL.
  { directory: build.assetsBuildDirectory, urlPrefix: build.publicPath, cacheControl: "public, max-age=31536000, immutable" },
]);

const server = http.createServer((req, res) => {
  const started = performance.now();
  res.once("finish", () => logRequest(req, res, started));
  const file = req.method === "GET" || req.method === "HEAD" ? staticFiles.get(staticPath(req.url)) : undefined;
  if (file) return sendStaticFile(req, res, file);
  handleWithRemix(req, res).catch((error) => {
    console.error(error);
    if (res.headersSent) res.destroy(error);
    else send(res, 500, "Internal Server Error");
  });
});

const port = Number(process.env.PORT || 3000);
const onListen = () => console.log(`[web] http://localhost:${port} (process ${process.pid})`);
if (process.env.HOST) server.listen(port, process.env.HOST, onListen);
else server.listen(port, onListen);

// Stopping: no new connections, idle keep-alive ones closed, requests in flight finished.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    server.close((error) => {
      if (error) console.error(error);
    });
    server.closeIdleConnections();
  });
}
