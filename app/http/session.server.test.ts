import { describe, expect, it } from "vitest";
import { SESSION_MAX_AGE_SECONDS, commitSession, getSession, readPageSession } from "./session.server";

async function browserWith(values: Record<string, unknown>) {
  const session = await getSession(new Request("http://localhost/"));
  for (const [key, value] of Object.entries(values)) session.set(key as "userId", value as string);
  const cookie = (await commitSession(session)).split(";")[0];
  return new Request("http://localhost/w/acme", { headers: { Cookie: cookie } });
}

describe("the session", () => {
  it("is a signed, HttpOnly, SameSite=Lax cookie that lasts 30 days", async () => {
    const header = await commitSession(await getSession(new Request("http://localhost/")));
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).toContain(`Max-Age=${SESSION_MAX_AGE_SECONDS}`);
    expect(header.split(";")[0]).toMatch(/^__solido_session=.+\..+/); // value.signature
  });

  it("rolls: a signed-in user's cookie is re-issued once a day, not on every page", async () => {
    const stale = await readPageSession(await browserWith({ userId: "u1", renewedAt: Date.now() - 2 * 86_400_000 }));
    expect(new Headers(stale.headers).get("Set-Cookie")).toContain(`Max-Age=${SESSION_MAX_AGE_SECONDS}`);
    const fresh = await readPageSession(await browserWith({ userId: "u1", renewedAt: Date.now() - 60_000 }));
    expect(new Headers(fresh.headers).get("Set-Cookie")).toBeNull();
  });

  it("gives an anonymous visitor no cookie", async () => {
    const page = await readPageSession(new Request("http://localhost/"));
    expect(new Headers(page.headers).get("Set-Cookie")).toBeNull();
    expect(page.toast).toBeNull();
  });

  it("refuses a cookie whose signature was tampered with", async () => {
    const request = await browserWith({ userId: "u1" });
    const tampered = request.headers.get("Cookie")!.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    const session = await getSession(new Request("http://localhost/", { headers: { Cookie: tampered } }));
    expect(session.get("userId")).toBeUndefined();
  });
});
