// One production web process (scripts/start-web.mjs runs one per core): the
// built Remix app behind express, as remix-serve runs it, plus what
// remix-serve cannot be told to do — the security headers, HSTS and a private
// Cache-Control on every response, not only on HTML documents (`.data`
// navigations, resource routes, errors), and an access log that never writes
// an invitation's token or an OAuth code.
import path from "node:path";
import url from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import morgan from "morgan";

const buildPath = path.resolve(process.argv[2] ?? "./build/index.js");
const build = await import(url.pathToFileURL(buildPath).href);
/** Lives in the app (app/http/security-headers.server.ts), exported by entry.server, so documents and everything else follow one rule. */
const { applyResponseSecurityHeaders, redactedForLog } = build.entry.module;

const app = express();
app.disable("x-powered-by");
app.use((request, response, next) => {
  // Just before the headers go out, whoever wrote the response (Remix, express.static, an error).
  const writeHead = response.writeHead;
  response.writeHead = function (...args) {
    applyResponseSecurityHeaders({ has: (name) => response.hasHeader(name), set: (name, value) => response.setHeader(name, value) });
    return writeHead.apply(this, args);
  };
  next();
});
app.use(compression());
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
morgan.token("redacted-url", (request) => redactedForLog(request.originalUrl ?? request.url));
app.use(morgan(":method :redacted-url :status :res[content-length] - :response-time ms"));
app.all("*", createRequestHandler({ build, mode: build.mode }));

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, async () => {
  console.log(`[web] http://localhost:${port}`);
  // Under `remix dev` (npm run dev) this server is the app server it restarts after each rebuild, and it waits to be told the new build is being served.
  if (build.mode === "development") {
    const { broadcastDevReady } = await import("@remix-run/node");
    await broadcastDevReady(build);
  }
});
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  });
}
