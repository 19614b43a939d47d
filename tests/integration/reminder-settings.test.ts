// Settings → Reminders through its loader and action with real Requests, as
// a signed-in admin of a workspace connected to the sandbox.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { APP_URL, callRoute, signUpWith } from "../support/xero-journeys";
import { receivedBy, startReminderWorld } from "../reminders/support";

const world = await startReminderWorld();
const { db } = await import("~/server/db.server");
const { reminderSteps, workspaces } = await import("~db/schema");
const route = await import("~/routes/w.$workspaceSlug.settings.reminders");
const { slug, cookie } = await signUpWith("solo@solido.test", "Solo Studio");
const [workspace] = await db.select().from(workspaces).where(eq(workspaces.slug, slug));

const url = `${APP_URL}/w/${slug}/settings/reminders`;
const load = async () => (await (await callRoute(route.loader, new Request(url, { headers: { Cookie: cookie } }), { workspaceSlug: slug })).json()) as Awaited<ReturnType<typeof route.loader>>;
const post = (fields: Record<string, string | string[]>) => {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const each of [value].flat()) form.append(name, each);
  return callRoute(route.action, new Request(url, { method: "POST", body: form, headers: { Cookie: cookie } }), { workspaceSlug: slug });
};

describe("Settings → Reminders", () => {
  it("starts a new workspace in preview with the default five-step schedule", async () => {
    const settings = await load();
    expect(settings.mode).toBe("preview");
    expect(settings.steps.map((step) => [step.offsetDays, step.tone])).toEqual([
      [-3, "friendly"],
      [0, "friendly"],
      [7, "neutral"],
      [14, "neutral"],
      [30, "firm"],
    ]);
  });

  it("refuses two steps on the same day and unknown placeholders, with field errors", async () => {
    const { steps } = await load();
    const twins = steps.map((step, index) => ({ ...step, offsetDays: index === 1 ? steps[0].offsetDays : step.offsetDays }));
    const same = await post({ intent: "schedule", schedule: JSON.stringify(twins) });
    expect(same.status).toBe(400);
    expect(JSON.stringify(await same.json())).toContain("already goes out 3 days before the due date");

    const typo = await post({ intent: "schedule", schedule: JSON.stringify(steps.map((step, index) => (index === 0 ? { ...step, subject: "Pay {{amount}} now" } : step))) });
    expect(typo.status).toBe(400);
    expect(JSON.stringify(await typo.json())).toContain("Only these placeholders work");

    // A cleared "Days" field is a missing number, not the due date: refused in words, nothing moved.
    const cleared = await post({ intent: "schedule", schedule: JSON.stringify(steps.map((step, index) => (index === 2 ? { ...step, offsetDays: "" } : step))) });
    expect(cleared.status).toBe(400);
    const answer = JSON.stringify(await cleared.json());
    expect(answer).toContain("schedule.2.offsetDays");
    expect(answer).toContain("Enter the number of days: 0 is the due date");
    expect((await load()).steps.map((step) => step.offsetDays)).toEqual(steps.map((step) => step.offsetDays));
  });

  it("turns repeats after the last step on with their cap, refuses an empty gap or too many in words, and turns them off", async () => {
    expect((await load()).repeat).toEqual({ everyDays: null, limit: 3 });
    const wrong = await post({ intent: "repeat", repeat: "on", everyDays: "", limit: "40" });
    expect(wrong.status).toBe(400);
    const answer = JSON.stringify(await wrong.json());
    expect(answer).toContain("Enter whole days between 1 and 90");
    expect(answer).toContain("Enter how many times, from 1 to 12");

    expect((await post({ intent: "repeat", repeat: "on", everyDays: "10", limit: "4" })).status).toBe(302);
    expect((await load()).repeat).toEqual({ everyDays: 10, limit: 4 });
    expect((await post({ intent: "repeat" })).status).toBe(302);
    expect((await load()).repeat).toEqual({ everyDays: null, limit: 4 });
  });

  it("saves edited, reordered, disabled and added steps", async () => {
    const { steps } = await load();
    // Swap the 7- and 14-day steps' days, turn the first off, add a 60-day step.
    const edited = [
      { ...steps[0], enabled: false },
      steps[1],
      { ...steps[2], offsetDays: 14 },
      { ...steps[3], offsetDays: 7 },
      steps[4],
      { offsetDays: 60, subject: "Still unpaid: {{invoice_number}}", body: "Hi {{contact_name}}, {{amount_due}} is {{days_overdue}} days overdue.", tone: "firm", enabled: true },
    ];
    const saved = await post({ intent: "schedule", schedule: JSON.stringify(edited) });
    expect(saved.status).toBe(302);
    const rows = await db.select().from(reminderSteps).where(eq(reminderSteps.workspaceId, workspace.id));
    expect(rows.map((row) => [row.offsetDays, row.enabled, row.id === steps[2].id]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [-3, false, false],
      [0, true, false],
      [7, true, false],
      [14, true, true],
      [30, true, false],
      [60, true, false],
    ]);
  });

  it("sends the admin a test email of a step, branded and marked as a test", async () => {
    const branding = await post({ intent: "branding", senderName: "Solo Studio Accounts", replyToEmail: "accounts@solo.test", brandColour: "#aa3300", logoUrl: "" });
    expect(branding.status).toBe(302);
    const sent = await post({ intent: "test", stepIndex: "2" });
    expect(sent.status).toBe(302);
    const [message] = await receivedBy(world.mailbox, "solo@solido.test");
    expect(message.subject).toMatch(/^\[Test\] /);
    expect(message.from[0].name).toBe("Solo Studio Accounts");
    expect(message.replyTo[0].address).toBe("accounts@solo.test");
    expect(message.html).toContain("#aa3300");
  });

  it("turns reminders on, and pauses and resumes them with a reason", async () => {
    expect((await post({ intent: "mode", mode: "live" })).status).toBe(302);
    expect((await load()).mode).toBe("live");
    const missingReason = await post({ intent: "pause", reason: "", until: "" });
    expect(missingReason.status).toBe(400);
    expect((await post({ intent: "pause", reason: "Year-end break", until: "2030-01-06" })).status).toBe(302);
    expect((await load()).pause).toEqual({ reason: "Year-end break", until: "2030-01-06T00:00:00.000Z" });
    expect((await post({ intent: "resume" })).status).toBe(302);
    expect((await load()).pause).toBeNull();
  });

  it("refuses a send window that ends before it starts", async () => {
    const response = await post({ intent: "window", start: "17", end: "9", weekdays: ["1", "2"] });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("must end after it starts");
  });

  it("saves invoice PDFs and a blind copy, and refuses a copy address that is not one, keeping what was typed", async () => {
    expect((await load()).enclosures).toEqual({ attachInvoicePdfs: false, blindCopyEmail: "" });
    const wrong = await post({ intent: "enclosures", attachInvoicePdfs: "on", blindCopyEmail: "owner at business" });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({
      intent: "enclosures",
      errors: { blindCopyEmail: expect.stringContaining("Enter an email address") },
      values: { blindCopyEmail: "owner at business", attachInvoicePdfs: "on" },
    });
    expect((await load()).enclosures).toEqual({ attachInvoicePdfs: false, blindCopyEmail: "" });

    expect((await post({ intent: "enclosures", attachInvoicePdfs: "on", blindCopyEmail: " owner@business.test " })).status).toBe(302);
    expect((await load()).enclosures).toEqual({ attachInvoicePdfs: true, blindCopyEmail: "owner@business.test" });
    // Unticked and emptied: neither.
    expect((await post({ intent: "enclosures", blindCopyEmail: "" })).status).toBe(302);
    expect((await load()).enclosures).toEqual({ attachInvoicePdfs: false, blindCopyEmail: "" });
  });
});
