// Statements end to end in real Chromium over the built app, the worker, the
// Xero sandbox and the mailbox: an admin sends one customer a statement from
// their page, then turns on monthly statements for today's day of the month
// (in the organisation's time zone), and the statements that reach the
// mailbox list each open invoice with the right totals per currency — one
// per customer, none to a customer with nothing open.
//
// Time-robust, as the first-day journey: the send window is every hour, and
// the statement day is today's in the organisation's zone. On the 29th or 30th
// of a longer month (no day 1–28 or "last day" is today) the day is the 28th
// and the days since are not sending days, so the 28th's statement moves onto
// today — the rule the settings page states.
import crypto from "node:crypto";
import fs from "node:fs";
import { and, eq } from "drizzle-orm";
import { invoices, workspaces } from "~db/schema";
import { localParts } from "~/reminders/send-window";
import { expectNoSeriousAccessibilityViolations } from "./support/accessibility";
import { expect, test } from "./support/test";
import { messagesTo } from "./support/mailbox";
import { remindersLive, signUpWithXero } from "./support/journey";
import { workspaceHolding, xeroUserWithOrganisation } from "./support/xero-sandbox";

const ZONE = "Pacific/Auckland";
const SHOTS = "/tmp/shots-statements";
const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const isoWeekday = (day: string) => ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** A statement day and sending weekdays under which today's statement goes today. */
function statementDayFor(today: string): { day: number; label: string; weekdays: number[] } {
  const dayOfMonth = Number(today.slice(8, 10));
  const all = [1, 2, 3, 4, 5, 6, 7];
  if (shift(today, 1).slice(5, 7) !== today.slice(5, 7)) return { day: 31, label: "On the last day of the month", weekdays: all };
  if (dayOfMonth <= 28) return { day: dayOfMonth, label: `On the ${ordinal(dayOfMonth)} of the month`, weekdays: all };
  const skipped = Array.from({ length: dayOfMonth - 28 }, (_, index) => isoWeekday(shift(today, -(index + 1))));
  return { day: 28, label: "On the 28th of the month", weekdays: all.filter((weekday) => !skipped.includes(weekday)) };
}
const ordinal = (day: number) => `${day}${day % 10 === 1 && day !== 11 ? "st" : day % 10 === 2 && day !== 12 ? "nd" : day % 10 === 3 && day !== 13 ? "rd" : "th"}`;

test("statements: one on demand from the customer's page, then the month's on its day, with the right totals per currency", async ({ page, database }) => {
  test.setTimeout(240_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  const run = crypto.randomBytes(3).toString("hex");
  const owner = { email: `stella-${run}@solido.test`, name: "Stella Statement" };
  const organisation = `Statement Roasters ${run}`;
  const xero = await xeroUserWithOrganisation(owner, organisation);
  const today = localParts(new Date(), ZONE).day;
  const address = (who: string) => `${who}-${run}@statements.test`;
  const twoCurrencies = { name: "Two Currencies Café", emailAddress: address("two") };
  const onDemand = { name: "On Demand Deli", emailAddress: address("demand") };
  const settled = { name: "All Settled Ltd", emailAddress: address("settled") };
  const twoId = await xero.customer(twoCurrencies);
  const demandId = await xero.customer(onDemand);
  await xero.customer(settled);
  const nzdLate = await xero.invoiceFor(twoId, { dueDate: shift(today, -12), amount: "100.10" });
  const nzdSoon = await xero.invoiceFor(twoId, { dueDate: shift(today, 5), amount: "250.45" });
  const aud = await xero.invoiceFor(twoId, { dueDate: shift(today, -3), amount: "75.00", currencyCode: "AUD" });
  const demandInvoice = await xero.invoiceFor(demandId, { dueDate: shift(today, -20), amount: "40.00" });

  const workspace = await signUpWithXero(page, database, owner, organisation);
  expect((await workspaceHolding(database, organisation)).timeZone).toBe(ZONE);
  const { day, label, weekdays } = statementDayFor(today);
  // Reminders live (the go-live journey covers the switch), any hour, the sending days the statement day needs.
  await remindersLive(database, workspace.id, { sendWindowStartHour: 0, sendWindowEndHour: 24, sendWeekdays: weekdays });
  const statementsTo = async (to: string) => (await messagesTo(to)).filter((message) => message.subject?.startsWith("Statement from"));

  // On demand, from the customer's page.
  const demandContact = await database.query.contacts.findFirst({ where: (contacts, { and, eq }) => and(eq(contacts.workspaceId, workspace.id), eq(contacts.name, onDemand.name)) });
  await page.goto(`/w/${workspace.slug}/contacts/${demandContact!.id}`);
  const card = page.getByTestId("contact-statements");
  await expect(card.getByTestId("last-statement")).toHaveText("No statement sent yet.");
  await expect(card.getByTestId("next-statement")).toContainText("Monthly statements are off");
  await card.getByRole("button", { name: "Send statement now" }).click();
  const dialog = page.getByRole("dialog", { name: "Send a statement now?" });
  await expect(dialog).toContainText(`emails a statement of what is still open to ${onDemand.emailAddress}`);
  await expectNoSeriousAccessibilityViolations(page, "the send-statement confirmation");
  await dialog.getByRole("button", { name: "Send statement" }).click();
  await expect(page.getByTestId("toast")).toHaveText(`Sending a statement to ${onDemand.emailAddress} now.`);
  await expect.poll(async () => (await statementsTo(onDemand.emailAddress)).length, { timeout: 90_000, message: "the on-demand statement at the mailbox" }).toBe(1);
  const [demandStatement] = await statementsTo(onDemand.emailAddress);
  expect(demandStatement.text).toContain(demandInvoice.number);
  expect(demandStatement.text).toContain("20 days overdue");
  await page.reload();
  await expect(card.getByTestId("last-statement")).toContainText("sent on demand");
  await expect(card.getByRole("button", { name: "Send statement now" })).toBeDisabled();
  await expect(page.getByTestId("statement-now-refusal")).toHaveText(`${onDemand.name} already has a statement today. Try again tomorrow.`);
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth), `the contact page scrolls sideways at ${width} px`).toBe(false);
    await page.screenshot({ path: `${SHOTS}/contact-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // Today is the statement day but the sending hours are over: the dashboard says who gets one today
  // (not the customer who had one this morning).
  const hour = localParts(new Date(), ZONE).hour;
  await database
    .update(workspaces)
    .set({ monthlyStatementDay: day, sendWindowStartHour: hour < 23 ? hour + 1 : 0, sendWindowEndHour: hour < 23 ? 24 : 23 })
    .where(eq(workspaces.id, workspace.id));
  await page.goto(`/w/${workspace.slug}`);
  const today_ = page.getByTestId("statements-today");
  await expect(today_).toContainText("statements to 1 customer");
  await expect(today_).toContainText(twoCurrencies.name);
  await expect(today_).not.toContainText(onDemand.name);
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth), `the dashboard scrolls sideways at ${width} px`).toBe(false);
    await today_.screenshot({ path: `${SHOTS}/dashboard-${width}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await database.update(workspaces).set({ monthlyStatementDay: null, sendWindowStartHour: 0, sendWindowEndHour: 24 }).where(eq(workspaces.id, workspace.id));

  // Monthly, from Settings → Reminders: today's day of the month.
  await page.goto(`/w/${workspace.slug}/settings/reminders`);
  await expect(page.getByTestId("next-statements")).toHaveText("Monthly statements are off.");
  await expect(page.getByTestId("statement-preview")).toContainText(`Statement from ${organisation}`);
  await page.getByRole("combobox", { name: "Monthly statements" }).selectOption({ label });
  await page.getByRole("button", { name: "Save statements" }).click();
  await expect(page.getByTestId("toast")).toHaveText("Monthly statements saved.");
  expect((await database.select({ day: workspaces.monthlyStatementDay }).from(workspaces).where(eq(workspaces.id, workspace.id)))[0].day).toBe(day);

  await expect.poll(async () => (await statementsTo(twoCurrencies.emailAddress)).length, { timeout: 90_000, message: "the monthly statement at the mailbox" }).toBe(1);
  const [statement] = await statementsTo(twoCurrencies.emailAddress);
  // What Xero says is due now, as Solido recorded it when it checked right before sending.
  const due = await database
    .select({ number: invoices.invoiceNumber, amountDue: invoices.amountDue, currencyCode: invoices.currencyCode })
    .from(invoices)
    .where(and(eq(invoices.workspaceId, workspace.id), eq(invoices.contactId, (await database.query.contacts.findFirst({ where: (contacts, { and, eq }) => and(eq(contacts.workspaceId, workspace.id), eq(contacts.name, twoCurrencies.name)) }))!.id)));
  const money = (amount: number, currency: string) => new Intl.NumberFormat("en-NZ", { style: "currency", currency }).format(amount);
  const total = (currency: string) => due.filter((row) => row.currencyCode === currency).reduce((sum, row) => sum + Math.round(Number(row.amountDue) * 100), 0) / 100;
  for (const invoice of [nzdLate, nzdSoon, aud]) expect(statement.text).toContain(invoice.number);
  expect(statement.text).toContain(`Total due\n\n${money(total("AUD"), "AUD")}\n\n${money(total("NZD"), "NZD")}`);
  expect(statement.subject).toBe(`Statement from ${organisation} — ${money(total("AUD"), "AUD")} and ${money(total("NZD"), "NZD")} due`);
  expect(statement.text).toContain("12 days overdue");
  expect(statement.text).toContain("due in 5 days");
  // One statement a customer a day: the on-demand one counted; nothing to a customer with nothing open.
  expect(await statementsTo(onDemand.emailAddress)).toHaveLength(1);
  expect(await statementsTo(settled.emailAddress)).toHaveLength(0);
  await page.goto(`/w/${workspace.slug}/contacts/${demandContact!.id}`);
  await expect(card.getByTestId("next-statement")).not.toContainText(new Intl.DateTimeFormat("en-NZ", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${today}T00:00:00Z`)));
  await page.goto(`/w/${workspace.slug}/settings/reminders`);

  await expect(page.getByTestId("next-statements")).toContainText("Next statements:");
  await expectNoSeriousAccessibilityViolations(page, "Settings → Reminders with statements");
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.getByRole("heading", { name: "Statements" }).scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth), `Settings → Reminders scrolls sideways at ${width} px`).toBe(false);
    await page.getByTestId("statements-card").screenshot({ path: `${SHOTS}/settings-${width}.png` });
  }

  // The Reminders log lists both statements; the email reads as the customer sees it.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/w/${workspace.slug}/reminders`);
  await expect(page.getByText(/^Monthly statement, /)).toHaveCount(1);
  await expect(page.getByText("Statement, sent on demand")).toHaveCount(1);
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/log-${width}.png`, fullPage: true });
  }
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.setContent(statement.html!);
    await page.screenshot({ path: `${SHOTS}/email-${width}.png`, fullPage: true });
  }
});
