// Settings → Reminders lists what is paused (customers and invoices, why,
// until when, who paused it) with Resume buttons, and pauses a customer picked
// by name — through the route's loader and action with real Requests over
// real PostgreSQL, all through the one pause writer.
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, contacts } from "~db/schema";
import { db } from "~/server/db.server";
import { setReminderPause, PAUSED_INDEFINITELY } from "~/models/reminder-pauses.server";
import * as settings from "~/routes/w.$workspaceSlug.settings.reminders";
import { addContact, addInvoice, addMember, createWorkspace } from "../support/dashboard-fixtures";
import { callRoute } from "../support/xero-journeys";

const page = (slug: string, search = "") => `http://localhost/w/${slug}/settings/reminders${search}`;
const load = async (slug: string, cookie: string, search = "") =>
  (await (await callRoute(settings.loader, new Request(page(slug, search), { headers: { Cookie: cookie } }), { workspaceSlug: slug })).json()) as Awaited<ReturnType<typeof settings.loader>>;
const post = (slug: string, cookie: string, fields: Record<string, string>) =>
  callRoute(settings.action, new Request(page(slug), { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(fields) }), { workspaceSlug: slug });
const pausedUntil = async (contactId: string) => (await db.select().from(contacts).where(eq(contacts.id, contactId)))[0].remindersPausedUntil;

describe("paused customers and invoices on Settings → Reminders", () => {
  it("says nothing is paused when nothing is, including pauses that have ended", async () => {
    const { workspace, owner, cookie } = await createWorkspace();
    const contact = await addContact(workspace.id, { name: "Aroha's Café" });
    await setReminderPause({ kind: "contact", id: contact.id }, { workspaceId: workspace.id, userId: owner.id, until: new Date(Date.now() - 60_000), reason: "Was on holiday" });
    expect((await load(workspace.slug, cookie)).paused.items).toEqual([]);
  });

  it("pauses a customer picked by name, then lists them with the reason, the end, and who paused them when", async () => {
    const { workspace, owner, cookie } = await createWorkspace();
    const aroha = await addContact(workspace.id, { name: "Aroha's Café", emailAddress: "accounts@aroha.test" });
    await addContact(workspace.id, { name: "Arohanui Bakery" });
    await addContact(workspace.id, { name: "Kiwi Plumbing" });
    const elsewhere = await createWorkspace();
    await addContact(elsewhere.workspace.id, { name: "Aroha Elsewhere" });

    const picker = (await load(workspace.slug, cookie, "?customer=aroha")).paused;
    expect(picker.customerMatches.map((customer) => customer.name)).toEqual(["Aroha's Café", "Arohanui Bakery"]);
    expect((await load(workspace.slug, cookie, "?customer=accounts%40aroha")).paused.customerMatches.map((customer) => customer.id)).toEqual([aroha.id]);

    const paused = await post(workspace.slug, cookie, { intent: "pause-customer", contactId: aroha.id, reason: "Paying in instalments", until: "2099-03-05" });
    expect(paused.status).toBe(302);
    expect(await pausedUntil(aroha.id)).toEqual(new Date("2099-03-05T00:00:00Z"));

    const { items } = (await load(workspace.slug, cookie)).paused;
    expect(items).toEqual([
      expect.objectContaining({ kind: "contact", id: aroha.id, contactName: "Aroha's Café", reason: "Paying in instalments", by: "Owner", until: expect.stringContaining("2099") }),
    ]);
    expect(items[0].at).toMatch(/\d{4}/);
    // A paused customer is no longer offered for pausing.
    expect((await load(workspace.slug, cookie, "?customer=aroha")).paused.customerMatches.map((customer) => customer.name)).toEqual(["Arohanui Bakery"]);
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.workspaceId, workspace.id));
    expect(entry).toMatchObject({ userId: owner.id, action: "contact.reminders_paused", detail: { contactId: aroha.id, reason: "Paying in instalments" } });
  });

  it("pauses until resumed when no day is given, and refuses a day that has passed", async () => {
    const { workspace, cookie } = await createWorkspace();
    const contact = await addContact(workspace.id);
    const past = await post(workspace.slug, cookie, { intent: "pause-customer", contactId: contact.id, reason: "", until: "2020-01-01" });
    expect(past.status).toBe(400);
    expect((await past.json()).errors.until).toMatch(/after today/);
    expect(await pausedUntil(contact.id)).toBeNull();

    expect((await post(workspace.slug, cookie, { intent: "pause-customer", contactId: contact.id, reason: "", until: "" })).status).toBe(302);
    expect(await pausedUntil(contact.id)).toEqual(PAUSED_INDEFINITELY);
    expect((await load(workspace.slug, cookie)).paused.items).toEqual([expect.objectContaining({ id: contact.id, until: null, reason: null })]);
  });

  it("lists a paused invoice with its customer and resumes it from the list", async () => {
    const { workspace, owner, cookie } = await createWorkspace();
    const contact = await addContact(workspace.id, { name: "Kiwi Plumbing" });
    const invoice = await addInvoice(workspace.id, contact.id, { invoiceNumber: "INV-0042" });
    await setReminderPause({ kind: "invoice", id: invoice.id }, { workspaceId: workspace.id, userId: owner.id, until: PAUSED_INDEFINITELY, reason: "Disputed" });

    expect((await load(workspace.slug, cookie)).paused.items).toEqual([
      expect.objectContaining({ kind: "invoice", id: invoice.id, invoiceNumber: "INV-0042", contactName: "Kiwi Plumbing", reason: "Disputed", until: null, by: "Owner" }),
    ]);
    expect((await post(workspace.slug, cookie, { intent: "resume-item", kind: "invoice", id: invoice.id })).status).toBe(302);
    expect((await load(workspace.slug, cookie)).paused.items).toEqual([]);
    const actions = (await db.select().from(auditLog).where(eq(auditLog.workspaceId, workspace.id))).map((entry) => entry.action).sort();
    expect(actions).toEqual(["invoice.reminders_paused", "invoice.reminders_resumed"]);
  });

  it("shows a viewer what is paused but refuses them pausing and resuming with 403", async () => {
    const { workspace, owner } = await createWorkspace();
    const contact = await addContact(workspace.id);
    await setReminderPause({ kind: "contact", id: contact.id }, { workspaceId: workspace.id, userId: owner.id, until: PAUSED_INDEFINITELY });
    const viewer = await addMember(workspace.id, "viewer", "Viewer");
    const seen = await load(workspace.slug, viewer.cookie);
    expect(seen.canChange).toBe(false);
    expect(seen.paused.items).toHaveLength(1);
    expect((await post(workspace.slug, viewer.cookie, { intent: "resume-item", kind: "contact", id: contact.id })).status).toBe(403);
    expect((await post(workspace.slug, viewer.cookie, { intent: "pause-customer", contactId: (await addContact(workspace.id)).id, reason: "", until: "" })).status).toBe(403);
    expect(await pausedUntil(contact.id)).toEqual(PAUSED_INDEFINITELY);
  });

  it("cannot pause or resume another workspace's customer", async () => {
    const ours = await createWorkspace();
    const theirs = await createWorkspace();
    const theirCustomer = await addContact(theirs.workspace.id);
    expect((await post(ours.workspace.slug, ours.cookie, { intent: "pause-customer", contactId: theirCustomer.id, reason: "", until: "" })).status).toBe(404);
    expect(await pausedUntil(theirCustomer.id)).toBeNull();

    await setReminderPause({ kind: "contact", id: theirCustomer.id }, { workspaceId: theirs.workspace.id, userId: theirs.owner.id, until: PAUSED_INDEFINITELY });
    expect((await post(ours.workspace.slug, ours.cookie, { intent: "resume-item", kind: "contact", id: theirCustomer.id })).status).toBe(404);
    expect(await pausedUntil(theirCustomer.id)).toEqual(PAUSED_INDEFINITELY);
    expect((await load(ours.workspace.slug, ours.cookie)).paused.items).toEqual([]);
  });
});
