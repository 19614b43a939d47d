// The production server's rules for every response, not only HTML pages:
// `.data` navigations and resource routes carry the security headers and a
// private Cache-Control, and the access log never keeps an invitation's token.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "./support/test";

test("a .data navigation carries the security headers and Cache-Control: private", async ({ page, member }) => {
  const response = await page.request.get(`/w/${member.workspace.slug}/contacts.data`);
  expect(response.status()).toBe(200);
  const headers = response.headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["cache-control"]).toBe("private");
});

test("a resource route carries the security headers and keeps its own Cache-Control", async ({ request }) => {
  const response = await request.get("/healthz");
  const headers = response.headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["cache-control"]).toBe("no-store");
});

test("the access log writes an invitation link without its token", async ({ request }) => {
  const token = `secret-${Date.now()}-token`;
  expect((await request.get(`/invites/${token}`)).status()).toBe(404);
  const log = path.resolve("test-results", "e2e-stack.log");
  await expect.poll(() => fs.readFileSync(log, "utf8").includes("GET /invites/[redacted] 404"), { timeout: 10_000 }).toBe(true);
  expect(fs.readFileSync(log, "utf8")).not.toContain(token);
});
