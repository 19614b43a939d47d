// The customer's side of a reminder, in real Chromium over the built app with
// the worker, the Xero sandbox and the mailbox: two customers read their
// reminders at the mailbox and follow its link (in a browser of their own, not
// signed in). One promises a day: reminders pause, the invoice's timeline and
// its history in Xero say so. The other queries an invoice: reminders stop,
// the business is emailed, the dashboard lists it, and resolving it resumes them.
import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Browser } from "@playwright/test";
import { invoices } from "~db/schema";
import { expectNoSeriousAccessibilityViolations } from "./support/accessibility";
import { expect, pageHeading, test } from "./support/test";
import { mailboxUrl, messagesTo } from "./support/mailbox";
import { remindersLive, signUpWithXero } from "./support/journey";
import { xeroUserWithOrganisation } from "./support/xero-sandbox";

async function historyInXero(tenantId: string, xeroInvoiceId: string): Promise<string[]> {
  const response = await fetch(new URL(`/__sandbox/organisations/${tenantId}/invoices/${xeroInvoiceId}/history`, process.env.XERO_IDENTITY_URL));
  return ((await response.json()) as { history: string[] }).history;
}

/** The customer reads their reminder at the mailbox's page and follows its link, in a browser that knows nothing of Solido. */
async function openLinkFromReminder(browser: Browser, baseURL: string, address: string, businessName: string) {
  const [message] = await messagesTo(address);
  const reader = await browser.newContext({ baseURL, viewport: { width: 375, height: 800 } });
  const page = await reader.newPage();
  await page.goto(mailboxUrl(`/messages/${encodeURIComponent(message.id)}`));
  const link = page.frameLocator("iframe").getByRole("link", { name: `Let ${businessName} know` });
  const href = await link.getAttribute("href");
  expect(href, "the reminder links to the customer's page").toMatch(/\/pay\/[\w-]+\.[\w-]+$/);
  await page.goto(href!);
  return { page, close: () => reader.close() };
}

/** "Today" in the organisation's time zone (the sandbox's generated organisations are in New Zealand). */
const dayInAuckland = (daysFromToday: number) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: "Pacific/Auckland", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + daysFromToday * 86_400_000));

test("customers answer a reminder from its link: one promises a day, one queries the invoice, and the business sees both", async ({ page, database, browser, baseURL }) => {
  test.setTimeout(240_000);
  const run = crypto.randomBytes(3).toString("hex");
  const owner = { email: `cora-${run}@solido.test`, name: "Cora Customer" };
  const organisation = `Answering Bakery ${run}`;
  const xero = await xeroUserWithOrganisation(owner, organisation);
  const dueDate = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
  const promiser = { name: "Prompt Promisers", emailAddress: `promise-${run}@customer.test` };
  const querier = { name: "Query & Sons", emailAddress: `query-${run}@customer.test` };
  const promised = await xero.invoice(promiser, { dueDate, amount: "120.00" });
  const queried = await xero.invoice(querier, { dueDate, amount: "340.00" });

  const workspace = await signUpWithXero(page, database, owner, organisation);
  const idOf = async (xeroInvoiceId: string) =>
    (await database.select({ id: invoices.id }).from(invoices).where(and(eq(invoices.workspaceId, workspace.id), eq(invoices.xeroInvoiceId, xeroInvoiceId))))[0]?.id;
  expect(Boolean((await idOf(promised.xeroInvoiceId)) && (await idOf(queried.xeroInvoiceId)))).toBe(true);
  await remindersLive(database, workspace.id);

  // The business sends each customer their reminder now.
  for (const [invoice, customer] of [[promised, promiser], [queried, querier]] as const) {
    await page.goto(`/w/${workspace.slug}/invoices/${await idOf(invoice.xeroInvoiceId)}`);
    await page.getByRole("button", { name: "Send the next reminder now" }).click();
    await page.getByRole("dialog", { name: "Send the next reminder now?" }).getByRole("button", { name: "Send now" }).click();
    await expect.poll(async () => (await messagesTo(customer.emailAddress)).length, { timeout: 90_000, message: `${customer.name}'s reminder` }).toBe(1);
  }

  // The first customer promises a day.
  const first = await openLinkFromReminder(browser, baseURL!, promiser.emailAddress, organisation);
  await expect(pageHeading(first.page)).toHaveText(`Your invoices from ${organisation}`);
  await expect(first.page.getByRole("heading", { name: `Invoice ${promised.number}` })).toBeVisible();
  // Only their own invoice is there.
  await expect(first.page.getByText(`Invoice ${queried.number}`)).toHaveCount(0);
  await expectNoSeriousAccessibilityViolations(first.page, "the customer's page");
  const promisedDay = dayInAuckland(5);
  await first.page.getByLabel("I'll pay by").fill(promisedDay);
  await first.page.getByRole("button", { name: `Tell ${organisation}` }).click();
  const shownDay = new Intl.DateTimeFormat("en-NZ", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${promisedDay}T00:00:00Z`));
  await expect(first.page.getByRole("status").filter({ hasText: "Thank you" })).toContainText(`you said you'll pay by ${shownDay}`);
  await first.page.screenshot({ path: "test-results/customer-page/promised-375.png", fullPage: true });
  const scrollsSideways = await first.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(scrollsSideways, "the customer's page fits a 375 px phone").toBe(false);
  await first.close();

  const promisedId = await idOf(promised.xeroInvoiceId);
  const [held] = await database.select({ until: invoices.remindersPausedUntil }).from(invoices).where(eq(invoices.id, promisedId!));
  expect(held.until!.getTime()).toBeGreaterThan(Date.now() + 5 * 86_400_000);
  await expect.poll(async () => (await historyInXero(xero.tenantId, promised.xeroInvoiceId)).some((note) => note.includes(`promised to pay by ${shownDay}`)), { timeout: 60_000, message: "the note in Xero" }).toBe(true);
  await page.goto(`/w/${workspace.slug}/invoices/${promisedId}`);
  await expect(page.getByTestId("invoice-timeline")).toContainText(`The customer promised to pay by ${shownDay}`);
  // The next reminder waits for the promise and its grace (three days after the promised day).
  const resumesOn = new Intl.DateTimeFormat("en-NZ", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
  const nextText = await page.getByTestId("next-reminder").textContent();
  const days = [9, 10, 11].map((after) => resumesOn.format(new Date(`${dayInAuckland(after)}T00:00:00Z`)));
  expect(days.some((day) => nextText!.includes(day)), `${nextText} names a send day from the end of the grace`).toBe(true);

  // The second customer queries theirs.
  const second = await openLinkFromReminder(browser, baseURL!, querier.emailAddress, organisation);
  await second.page.getByLabel(`What should ${organisation} know?`).fill("We were charged for 12 loaves <but> got 10.");
  await second.page.getByRole("button", { name: "Query this invoice" }).click();
  await expect(second.page.getByRole("status").filter({ hasText: "You asked about this invoice" })).toContainText(`${organisation} has been told`);
  await second.page.screenshot({ path: "test-results/customer-page/queried-375.png", fullPage: true });
  await second.close();

  await expect
    .poll(async () => (await messagesTo(owner.email)).filter((message) => message.subject === `Query & Sons has a question about invoice ${queried.number}`).length, { timeout: 60_000, message: "the business's email" })
    .toBe(1);
  await page.goto(`/w/${workspace.slug}`);
  const attention = page.getByTestId("needs-attention");
  await expect(attention).toContainText(`Query & Sons queried invoice ${queried.number}`);
  await expect(attention).toContainText(`Prompt Promisers promised to pay invoice ${promised.number}`);
  await attention.getByRole("link", { name: /Query & Sons queried/ }).click();
  await expect(pageHeading(page)).toHaveText(`Invoice ${queried.number}`);
  await expect(page.getByRole("region", { name: "The customer queried this invoice" })).toContainText("We were charged for 12 loaves <but> got 10.");
  await page.screenshot({ path: "test-results/customer-page/invoice-queried-1280.png", fullPage: true });
  await page.getByRole("button", { name: "Mark resolved and resume reminders" }).click();
  await expect(page.getByTestId("toast")).toHaveText("Query resolved. Reminders for this invoice resume on their schedule.");
  await expect(page.getByRole("region", { name: "The customer queried this invoice" })).toHaveCount(0);
  await expect(page.getByTestId("invoice-timeline")).toContainText("Query resolved");
  const [resumed] = await database.select({ until: invoices.remindersPausedUntil }).from(invoices).where(eq(invoices.id, (await idOf(queried.xeroInvoiceId))!));
  expect(resumed.until).toBeNull();
});
