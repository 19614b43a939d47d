import { describe, expect, it } from "vitest";
import { safeRedirect } from "./safe-redirect";

describe("safeRedirect", () => {
  it("keeps paths on this site", () => {
    expect(safeRedirect("/w/acme/invoices?status=overdue")).toBe("/w/acme/invoices?status=overdue");
  });

  it.each(["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "", null, "/\nSet-Cookie:x"])(
    "falls back for %j",
    (target) => {
      expect(safeRedirect(target, "/home")).toBe("/home");
    },
  );
});
