// The workspace's pages in real Chromium over the built app: the dashboard's
// figures, the invoice table's filters, sort and paging (all in the URL), an
// invoice's timeline, pausing a customer, inviting a viewer who then cannot
// change anything — and axe on every page along the way.
import type { Page } from "@playwright/test";
import { contacts, invoices, reminderEmails, reminders, reminderSchedules, reminderSteps, workspaces } from "~db/schema";
import { and, eq, isNull } from "drizzle-orm";
import { addDays, formatDay, todayIn } from "~/display/format";
import { expectNoSeriousAccessibilityViolations } from "./support/accessibility";
import { connectWorkspace, createUser, signIn, type Database } from "./support/session";
import { expect, pageHeading, test } from "./support/test";

const TIME_ZONE = "Pacific/Auckland";
const nzd = (cents: number) => new Intl.NumberFormat("en-NZ", { style: "currency", currency: "NZD" }).format(cents / 100);

/** A small business's books: 63 unpaid invoices over three customers, a paid one, a schedule and one sent reminder. */
async function seedBooks(database: Database, workspaceId: string) {
  const today = todayIn(TIME_ZONE);
  await database.update(workspaces).set({ timeZone: TIME_ZONE, baseCurrency: "NZD", countryCode: "NZ" }).where(eq(workspaces.id, workspaceId));
  const [acme, quiet, pauseMe] = await database
    .insert(contacts)
    .values([
      { workspaceId, xeroContactId: crypto.randomUUID(), name: "Acme Builders", emailAddress: "accounts@acme.test", isCustomer: true },
      { workspaceId, xeroContactId: crypto.randomUUID(), name: "Quiet Café", emailAddress: null, isCustomer: true },
      { workspaceId, xeroContactId: crypto.randomUUID(), name: "Pause Me Ltd", emailAddress: "pay@pauseme.test", isCustomer: true },
    ])
    .returning();
  // A step of the workspace's default schedule (written bare here: the fixture's workspace has none yet).
  await database.insert(reminderSchedules).values({ workspaceId, name: "Everyone else", precedence: 0 }).onConflictDoNothing();
  const [schedule] = await database.select().from(reminderSchedules).where(and(eq(reminderSchedules.workspaceId, workspaceId), isNull(reminderSchedules.xeroContactGroupId)));
  const [step] = await database.insert(reminderSteps).values({ workspaceId, scheduleId: schedule.id, offsetDays: 3, subject: "Reminder", body: "Please pay." }).returning();
  let unpaidCents = 0;
  const rows: (typeof invoices.$inferInsert)[] = Array.from({ length: 60 }, (_, index) => {
    const cents = 10_000 + index * 1_234;
    unpaidCents += cents;
    return {
      workspaceId,
      contactId: index % 2 ? acme.id : quiet.id,
      xeroInvoiceId: crypto.randomUUID(),
      invoiceNumber: `INV-${String(index + 1).padStart(3, "0")}`,
      status: "AUTHORISED",
      currencyCode: "NZD",
      total: (cents / 100).toFixed(2),
      amountDue: (cents / 100).toFixed(2),
      issueDate: addDays(today, index - 90),
      dueDate: addDays(today, index - 40),
      xeroUpdatedAt: new Date(),
      createdAt: new Date(Date.now() - 30 * 86_400_000),
    };
  });
  for (const [number, cents, due] of [["PM-1", 45_000, -1], ["PM-2", 12_500, 2], ["PM-3", 8_000, 4]] as const) {
    unpaidCents += cents;
    rows.push({ ...rows[0], contactId: pauseMe.id, xeroInvoiceId: crypto.randomUUID(), invoiceNumber: number, total: (cents / 100).toFixed(2), amountDue: (cents / 100).toFixed(2), dueDate: addDays(today, due) });
  }
  rows.push({ ...rows[0], xeroInvoiceId: crypto.randomUUID(), invoiceNumber: "PAID-1", status: "PAID", amountDue: "0.00", total: "999.00" });
  const inserted = await database.insert(invoices).values(rows).returning();
  const reminded = inserted.find((invoice) => invoice.invoiceNumber === "INV-001")!;
  const [email] = await database
    .insert(reminderEmails)
    .values({ workspaceId, contactId: reminded.contactId, sendDate: today, messageId: `<e2e-${crypto.randomUUID()}@solido.test>`, status: "sent", toAddress: "accounts@acme.test", subject: "Invoice INV-001 is overdue", html: "<p>Hello, INV-001 is overdue.</p>", text: "Hello, INV-001 is overdue.", sentAt: new Date(Date.now() - 86_400_000) })
    .returning();
  await database.insert(reminders).values({ workspaceId, invoiceId: reminded.id, stepId: step.id, emailId: email.id, status: "sent", amountDue: reminded.amountDue });
  return { unpaidCents, pauseMe };
}

const rowsOf = (page: Page) => page.getByTestId("invoice-row");

test("the dashboard's totals are the sum of the unpaid invoices, and it lists what needs attention", async ({ page, member, database }) => {
  const { unpaidCents } = await seedBooks(database, member.workspace.id);
  await page.goto(`/w/${member.workspace.slug}`);
  await expect(pageHeading(page)).toHaveText("Dashboard");
  await expect(page.getByTestId("total-outstanding")).toHaveText(nzd(unpaidCents));
  await expect(page.getByRole("img", { name: /Ageing of amounts owed in NZD/ })).toBeVisible();
  await expect(page.getByTestId("needs-attention")).toContainText("1 customer owing money with no email address in Xero");
  // Catch-ups first (the planner's first moment): Acme's long-overdue invoices lead the list, by day then customer.
  await expect(page.getByTestId("upcoming-reminders")).toContainText("Acme Builders · INV-002");
  await expectNoSeriousAccessibilityViolations(page, "dashboard");
});

test("invoices open on the unpaid ones with their last and next reminders, filter, sort and page through the URL, and an invoice shows its timeline", async ({ page, member, database }) => {
  // Eight pages and five axe scans: on a loaded machine more than the suite's 30 s. The waits are on conditions.
  test.setTimeout(60_000);
  await seedBooks(database, member.workspace.id);
  await page.goto(`/w/${member.workspace.slug}/invoices`);
  await expect(rowsOf(page)).toHaveCount(50);
  await expectNoSeriousAccessibilityViolations(page, "invoices");
  // What needs chasing: the unpaid ones (63), not the paid one, with each one's last and next reminder.
  await expect(page.getByRole("link", { name: "Unpaid", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("invoice-count")).toHaveText("63 invoices");
  await expect(page.getByRole("link", { name: "PAID-1" })).toHaveCount(0);
  const reminded = rowsOf(page).filter({ has: page.getByRole("link", { name: "INV-001", exact: true }) });
  await expect(reminded.getByTestId("last-reminder")).toHaveText(formatDay(todayIn(TIME_ZONE, new Date(Date.now() - 86_400_000)), "en-NZ"));
  // Its schedule's one step went already: nothing comes next. INV-002 has had none: its catch-up is next.
  await expect(reminded.getByTestId("next-reminder")).toHaveText("—");
  const never = rowsOf(page).filter({ has: page.getByRole("link", { name: "INV-002", exact: true }) });
  await expect(never.getByTestId("last-reminder")).toHaveText("None yet");
  await expect(never.getByTestId("next-reminder")).toHaveText(/^\d{1,2} \w{3} \d{4}$/);
  await page.getByRole("link", { name: "All", exact: true }).click();
  await expect(page).toHaveURL(/status=all/);
  await expect(page.getByTestId("invoice-count")).toHaveText("64 invoices");
  await expect(page.getByRole("link", { name: "PAID-1" })).toBeVisible();
  await page.getByRole("link", { name: "Paid", exact: true }).click();
  await expect(rowsOf(page)).toHaveCount(1);
  await expect(rowsOf(page).getByTestId("last-reminder")).toHaveText("—");

  await page.getByRole("link", { name: "Overdue", exact: true }).click();
  await expect(page).toHaveURL(/status=overdue/);
  await page.getByRole("link", { name: /Amount due/ }).click();
  await expect(page).toHaveURL(/sort=amount&dir=desc/);
  const amounts = await page.getByTestId("amount-due").allTextContents();
  const values = amounts.map((text) => Number(text.replace(/[^0-9.]/g, "")));
  expect(values).toEqual([...values].sort((a, b) => b - a));

  await page.goto(`/w/${member.workspace.slug}/invoices`);
  await page.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(rowsOf(page)).toHaveCount(13);
  await expect(page.getByRole("link", { name: "First page" })).toHaveAttribute("href", `/w/${member.workspace.slug}/invoices`);
  await page.getByRole("link", { name: "Previous" }).click();
  await expect(rowsOf(page)).toHaveCount(50);

  await page.getByRole("searchbox", { name: "Search" }).fill("INV-001");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/q=INV-001/);
  await expect(rowsOf(page)).toHaveCount(1);
  await page.getByRole("link", { name: "INV-001" }).click();
  await expect(pageHeading(page)).toHaveText("Invoice INV-001");
  const timeline = page.getByTestId("invoice-timeline");
  await expect(timeline).toContainText("Copied from Xero");
  await expect(timeline).toContainText("Reminder sent (3 days after the due date)");
  await expectNoSeriousAccessibilityViolations(page, "invoice");
  await page.getByRole("link", { name: "View the email as sent" }).click();
  await expect(pageHeading(page)).toHaveText("Invoice INV-001 is overdue");
  await expect(page.frameLocator("iframe[title='The email as the customer saw it']").getByText("INV-001 is overdue")).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page, "reminder email");
});

test("pausing a customer takes their upcoming reminders away", async ({ page, member, database }) => {
  // Seeding the books, four pages and axe on each: 28 s of the default 30 under a loaded machine.
  test.setTimeout(60_000);
  const { pauseMe } = await seedBooks(database, member.workspace.id);
  await page.goto(`/w/${member.workspace.slug}/reminders`);
  await expect(page.getByTestId("upcoming-queue")).toContainText("Pause Me Ltd");
  await expectNoSeriousAccessibilityViolations(page, "reminders");

  await page.goto(`/w/${member.workspace.slug}/contacts`);
  await expectNoSeriousAccessibilityViolations(page, "contacts");
  await page.getByRole("link", { name: "Pause Me Ltd" }).click();
  await expect(page.getByTestId("contact-upcoming")).toContainText("PM-1");
  await page.getByRole("button", { name: "Pause reminders" }).click();
  await expectNoSeriousAccessibilityViolations(page, "pause dialog");
  await page.getByRole("dialog").getByRole("button", { name: "Pause reminders" }).click();
  await expect(page.getByTestId("toast")).toHaveText("Reminders paused for Pause Me Ltd.");
  await expect(page.getByTestId("contact-upcoming-empty")).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page, "contact");

  await page.goto(`/w/${member.workspace.slug}`);
  await expect(page.getByTestId("upcoming-reminders")).not.toContainText("Pause Me Ltd");
  await page.goto(`/w/${member.workspace.slug}/settings/audit-log`);
  await expect(page.getByTestId("audit-log")).toContainText(`Paused reminders for ${pauseMe.name} until resumed`);
  await expectNoSeriousAccessibilityViolations(page, "audit log");
});

test("an invited second user joins as a viewer who cannot change anything, until the owner makes them an admin", async ({ page, member, database, browser, baseURL }) => {
  await seedBooks(database, member.workspace.id);
  await connectWorkspace(database, member.workspace); // inviting takes a connected organisation
  await page.goto(`/w/${member.workspace.slug}/settings/team`);
  await expectNoSeriousAccessibilityViolations(page, "team");
  const secondEmail = `second.person-${crypto.randomUUID().slice(0, 8)}@solido.test`;
  await page.getByLabel("Email address").fill(secondEmail);
  await page.getByRole("button", { name: "Send invitation" }).click();
  const link = await page.getByTestId("invitation-link").inputValue();
  await expect(page.getByTestId("pending-invitations")).toContainText(secondEmail);

  const second = await createUser(database, { givenName: "Second", email: secondEmail }); // the invitation is for that address only
  const context = await browser.newContext({ baseURL });
  await signIn(context, baseURL!, second.id);
  const invitee = await context.newPage();
  await invitee.goto(new URL(link).pathname);
  await expect(pageHeading(invitee)).toHaveText(`Join ${member.workspace.name}`);
  await expectNoSeriousAccessibilityViolations(invitee, "invitation");
  await invitee.getByRole("button", { name: `Join ${member.workspace.name}` }).click();
  await expect(pageHeading(invitee)).toHaveText("Dashboard");

  await invitee.goto(`/w/${member.workspace.slug}/settings/team`);
  await expect(invitee.getByText("You're a viewer here")).toBeVisible();
  await expect(invitee.getByRole("button", { name: "Send invitation" })).toHaveCount(0);
  await invitee.goto(`/w/${member.workspace.slug}/contacts`);
  await invitee.getByRole("link", { name: "Pause Me Ltd" }).click();
  await expect(invitee.getByRole("button", { name: "Pause reminders" })).toHaveCount(0);
  // And the server refuses even a hand-made post.
  const refused = await invitee.request.post(`/w/${member.workspace.slug}/settings/team`, { form: { intent: "invite", email: "x@solido.test", role: "admin" } });
  expect(refused.status()).toBe(403);
  // Nor the workspace's settings: turning reminders on is for owners and admins.
  const settingsRefused = await invitee.request.post(`/w/${member.workspace.slug}/settings/reminders`, { form: { intent: "mode", mode: "live" } });
  expect(settingsRefused.status()).toBe(403);
  const [unchanged] = await database.select({ reminderMode: workspaces.reminderMode }).from(workspaces).where(eq(workspaces.id, member.workspace.id));
  expect(unchanged.reminderMode).toBe("preview");

  // The owner makes them an admin, after confirming; the log says so.
  await page.goto(`/w/${member.workspace.slug}/settings/team`);
  await page.getByRole("button", { name: /^Change role for Second/ }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("New role").selectOption("admin");
  await expectNoSeriousAccessibilityViolations(page, "change role dialog");
  await dialog.getByRole("button", { name: "Change role" }).click();
  await expect(page.getByTestId("toast")).toHaveText(`${second.email} is now an admin.`);
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByTestId("team-members").locator("li", { hasText: second.email })).toContainText("Admin");
  await page.goto(`/w/${member.workspace.slug}/settings/audit-log`);
  await expect(page.getByTestId("audit-log")).toContainText(`Changed ${second.email}'s role from viewer to admin`);
  await invitee.goto(`/w/${member.workspace.slug}/settings/team`);
  await expect(invitee.getByRole("button", { name: "Send invitation" })).toBeVisible();
  await context.close();
});
