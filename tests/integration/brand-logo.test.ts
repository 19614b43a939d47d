// Uploading a logo on Settings → Reminders through the route's action with
// real multipart Requests, the public address that serves it, and a real
// email (to a real SMTP server) that shows it.
import crypto from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { startMailbox } from "~mailbox/server";

// The app reads SMTP_URL when it first sends, so the mailbox starts before the app loads.
const mailbox = await startMailbox({ smtpPort: 0, httpPort: 0 });
process.env.SMTP_URL = mailbox.smtpUrl;
afterAll(() => mailbox.close());

const { eq } = await import("drizzle-orm");
const { auditLog, brandLogos, workspaces } = await import("~db/schema");
const { db } = await import("~/server/db.server");
const { env } = await import("~/server/env.server");
const settings = await import("~/routes/w.$workspaceSlug.settings.reminders");
const logoRoute = await import("~/routes/brand.logo.$workspaceId.$sha256");
const { addMember, createWorkspace } = await import("../support/dashboard-fixtures");
const { callRoute } = await import("../support/xero-journeys");

/** A real 1×1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
const SVG_AS_PNG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>');
const sha256 = (data: Buffer) => crypto.createHash("sha256").update(data).digest("hex");

const branding = { senderName: "Harbour Coffee", replyToEmail: "accounts@harbour.test", brandColour: "#aa3300", logoUrl: "" };

function post(slug: string, cookie: string, fields: Record<string, string>, logo?: { data: Buffer; name: string; type: string }) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (logo) form.append("logo", new File([new Uint8Array(logo.data)], logo.name, { type: logo.type }));
  return callRoute(settings.action, new Request(`http://localhost/w/${slug}/settings/reminders`, { method: "POST", headers: { Cookie: cookie }, body: form }), { workspaceSlug: slug });
}
const uploadLogo = (slug: string, cookie: string, data: Buffer, name = "logo.png", type = "image/png") => post(slug, cookie, { intent: "branding", ...branding }, { data, name, type });
const fetchLogo = (workspaceId: string, hash: string) =>
  callRoute(logoRoute.loader, new Request(`${env().APP_URL}/brand/logo/${workspaceId}/${hash}`), { workspaceId, sha256: hash });
const load = async (slug: string, cookie: string) =>
  (await (await callRoute(settings.loader, new Request(`http://localhost/w/${slug}/settings/reminders`, { headers: { Cookie: cookie } }), { workspaceSlug: slug })).json()) as Awaited<ReturnType<typeof settings.loader>>;
const current = async (workspaceId: string) => (await db.select().from(workspaces).where(eq(workspaces.id, workspaceId)))[0];

describe("uploading a logo", () => {
  it("keeps a PNG under its SHA-256 and serves it at an immutable public address", async () => {
    const { workspace, cookie } = await createWorkspace({ name: "Harbour Coffee" });
    const response = await uploadLogo(workspace.slug, cookie, PNG);
    expect(response.status).toBe(302);
    expect((await current(workspace.id)).logoSha256).toBe(sha256(PNG));

    const served = await fetchLogo(workspace.id, sha256(PNG));
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(served.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);

    const page = await load(workspace.slug, cookie);
    expect(page.branding.logoShown).toBe(`${env().APP_URL}/brand/logo/${workspace.id}/${sha256(PNG)}`);
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.workspaceId, workspace.id)).orderBy(auditLog.createdAt);
    expect(entry).toMatchObject({ action: "branding.logo_uploaded", detail: { sha256: sha256(PNG), contentType: "image/png" } });
  });

  it("decides the type from the bytes: a JPEG sent as image/png is served as image/jpeg", async () => {
    const { workspace, cookie } = await createWorkspace();
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);
    expect((await uploadLogo(workspace.slug, cookie, jpeg, "logo.png", "image/png")).status).toBe(302);
    expect((await fetchLogo(workspace.id, sha256(jpeg))).headers.get("content-type")).toBe("image/jpeg");
  });

  it("refuses a file over 512 KB, keeping what was typed and saving nothing", async () => {
    const { workspace, cookie } = await createWorkspace();
    const huge = Buffer.concat([PNG, Buffer.alloc(600 * 1024)]);
    const response = await uploadLogo(workspace.slug, cookie, huge);
    expect(response.status).toBe(400);
    expect((await response.json()).errors.logo).toMatch(/larger than 512 KB/);
    expect(await db.select().from(brandLogos).where(eq(brandLogos.workspaceId, workspace.id))).toEqual([]);
    expect((await current(workspace.id)).senderName).toBeNull();
  });

  /** The form as a browser would send it, but chunked: no Content-Length for the guard to read. */
  async function postChunked(slug: string, cookie: string, form: FormData) {
    const encoded = new Request("http://localhost/", { method: "POST", body: form });
    const headers = new Headers({ Cookie: cookie, "Content-Type": encoded.headers.get("Content-Type")! });
    const request = new Request(`http://localhost/w/${slug}/settings/reminders`, { method: "POST", headers, body: encoded.body, duplex: "half" } as RequestInit);
    expect(request.headers.get("Content-Length")).toBeNull();
    return callRoute(settings.action, request, { workspaceSlug: slug });
  }

  it("refuses a chunked upload whose parts are each under 512 KB but together far over, saving nothing", async () => {
    const { workspace, cookie } = await createWorkspace();
    const form = new FormData();
    for (const [name, value] of Object.entries({ intent: "branding", ...branding })) form.append(name, value);
    for (let index = 0; index < 16; index++) form.append(`padding${index}`, "x".repeat(400 * 1024));
    form.append("logo", new File([new Uint8Array(PNG)], "logo.png", { type: "image/png" }));
    const response = await postChunked(workspace.slug, cookie, form);
    expect(response.status).toBe(400);
    expect((await response.json()).errors.logo).toMatch(/larger than 512 KB/);
    expect(await db.select().from(brandLogos).where(eq(brandLogos.workspaceId, workspace.id))).toEqual([]);
  });

  it("refuses a form of thousands of tiny parts, saving nothing", async () => {
    const { workspace, cookie } = await createWorkspace();
    const form = new FormData();
    for (const [name, value] of Object.entries({ intent: "branding", ...branding })) form.append(name, value);
    for (let index = 0; index < 5_000; index++) form.append("p", "");
    form.append("logo", new File([new Uint8Array(PNG)], "logo.png", { type: "image/png" }));
    const response = await postChunked(workspace.slug, cookie, form);
    expect(response.status).toBe(400);
    expect(await db.select().from(brandLogos).where(eq(brandLogos.workspaceId, workspace.id))).toEqual([]);
  });

  it("refuses an SVG disguised as a PNG, keeping what was typed and saving nothing", async () => {
    const { workspace, cookie } = await createWorkspace();
    const response = await uploadLogo(workspace.slug, cookie, SVG_AS_PNG, "logo.png", "image/png");
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors.logo).toMatch(/not a PNG, JPEG, GIF or WebP/);
    expect(body.values).toEqual(branding);
    expect(await db.select().from(brandLogos).where(eq(brandLogos.workspaceId, workspace.id))).toEqual([]);
    expect(await current(workspace.id)).toMatchObject({ senderName: null, logoSha256: null });
    expect((await fetchLogo(workspace.id, sha256(SVG_AS_PNG))).status).toBe(404);
  });

  it("refuses a viewer with 403", async () => {
    const { workspace } = await createWorkspace();
    const viewer = await addMember(workspace.id, "viewer", "Viewer");
    expect((await uploadLogo(workspace.slug, viewer.cookie, PNG)).status).toBe(403);
    expect((await post(workspace.slug, viewer.cookie, { intent: "remove-logo" })).status).toBe(403);
    expect((await current(workspace.id)).logoSha256).toBeNull();
  });

  it("keeps workspaces apart: no uploading into another's, no serving one's logo under another's address", async () => {
    const ours = await createWorkspace();
    const theirs = await createWorkspace();
    expect((await uploadLogo(theirs.workspace.slug, ours.cookie, PNG)).status).toBe(404);
    expect((await current(theirs.workspace.id)).logoSha256).toBeNull();

    expect((await uploadLogo(ours.workspace.slug, ours.cookie, PNG)).status).toBe(302);
    expect((await fetchLogo(ours.workspace.id, sha256(PNG))).status).toBe(200);
    const elsewhere = await fetchLogo(theirs.workspace.id, sha256(PNG));
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.headers.get("cache-control")).toBe("no-store");
    expect((await fetchLogo(ours.workspace.id, "0".repeat(64))).status).toBe(404);
    expect((await fetchLogo("not-a-workspace", sha256(PNG))).status).toBe(404);
  });

  it("removes the logo from reminders but keeps serving it to emails already delivered", async () => {
    const { workspace, cookie } = await createWorkspace();
    await uploadLogo(workspace.slug, cookie, PNG);
    expect((await post(workspace.slug, cookie, { intent: "remove-logo" })).status).toBe(302);
    expect((await current(workspace.id)).logoSha256).toBeNull();
    expect((await load(workspace.slug, cookie)).branding.logoShown).toBeNull();
    expect((await fetchLogo(workspace.id, sha256(PNG))).status).toBe(200);
    const actions = (await db.select().from(auditLog).where(eq(auditLog.workspaceId, workspace.id))).map((entry) => entry.action);
    expect(actions).toContain("branding.logo_removed");
  });

  it("keeps one logo at a time: an address replaces an upload, an upload replaces an address", async () => {
    const { workspace, cookie } = await createWorkspace();
    await uploadLogo(workspace.slug, cookie, PNG);
    // Saving the other fields with the address left empty keeps the uploaded logo.
    expect((await post(workspace.slug, cookie, { intent: "branding", ...branding, senderName: "Renamed" })).status).toBe(302);
    expect(await current(workspace.id)).toMatchObject({ senderName: "Renamed", logoSha256: sha256(PNG), logoUrl: null });
    await post(workspace.slug, cookie, { intent: "branding", ...branding, logoUrl: "https://cdn.harbour.test/logo.png" });
    expect(await current(workspace.id)).toMatchObject({ logoSha256: null, logoUrl: "https://cdn.harbour.test/logo.png" });
    await uploadLogo(workspace.slug, cookie, PNG);
    expect(await current(workspace.id)).toMatchObject({ logoSha256: sha256(PNG), logoUrl: null });
  });

  it("goes with its workspace when the workspace is deleted", async () => {
    const { workspace, cookie } = await createWorkspace();
    await uploadLogo(workspace.slug, cookie, PNG);
    await db.delete(workspaces).where(eq(workspaces.id, workspace.id));
    expect(await db.select().from(brandLogos).where(eq(brandLogos.workspaceId, workspace.id))).toEqual([]);
    expect((await fetchLogo(workspace.id, sha256(PNG))).status).toBe(404);
  });

  it("puts the logo's absolute address at the top of the reminder email", async () => {
    const { workspace, owner, cookie } = await createWorkspace({ name: "Harbour Coffee" });
    await uploadLogo(workspace.slug, cookie, PNG);
    expect((await post(workspace.slug, cookie, { intent: "test", stepIndex: "0" })).status).toBe(302);
    const [message] = await mailbox.messages({ to: owner.email });
    const address = `${env().APP_URL}/brand/logo/${workspace.id}/${sha256(PNG)}`;
    expect(address).toMatch(/^https?:\/\//);
    expect(message.html).toContain(`src="${address}"`);
    expect(message.html).toContain('alt="Harbour Coffee"');
  });
});
