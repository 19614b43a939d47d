// The first go-live outside the send window, in real Chromium over the built
// app, with the worker, the Xero sandbox and the mailbox: the dialog says when
// the window really opens, offers (at a sensible hour) to send the due ones
// now instead, and the emails that arrive are the ones it counted.
//
// Time-robust: the organisation is put in a fixed-offset zone where it is
// early afternoon whenever the test runs, and the send window is closed at
// that hour (open 0:00–1:00 only), so the offer's conditions hold at any hour.
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { workspaces } from "~db/schema";
import { expectNoSeriousAccessibilityViolations } from "./support/accessibility";
import { expect, test } from "./support/test";
import { messagesTo } from "./support/mailbox";
import { signUpWithXero } from "./support/journey";
import { xeroUserWithOrganisation } from "./support/xero-sandbox";

/** An IANA zone where the local hour is 13 now (Etc/GMT-N is N hours ahead of UTC: the sign is POSIX's). */
function zoneAtOnePm() {
  let ahead = 13 - new Date().getUTCHours();
  if (ahead > 14) ahead -= 24;
  if (ahead < -11) ahead += 24;
  return ahead === 0 ? "Etc/GMT" : `Etc/GMT${ahead > 0 ? "-" : "+"}${Math.abs(ahead)}`;
}

test("the first go-live outside the send window offers to send the due ones now, and the mailbox gets exactly those", async ({ page, database }) => {
  // Sign-up, a first sync, payment checks with Xero and two sends through the worker; the waits are on conditions.
  test.setTimeout(180_000);
  const run = crypto.randomBytes(3).toString("hex");
  const owner = { email: `gina-${run}@solido.test`, name: "Gina Golive" };
  const organisation = `Go Live Roasters ${run}`;
  const xero = await xeroUserWithOrganisation(owner, organisation);
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
  const customers = [
    { name: "Early Evening Ltd", emailAddress: `early-${run}@go-live.test` },
    { name: "Late Payers Co", emailAddress: `late-${run}@go-live.test` },
  ];
  const invoices = [await xero.invoice(customers[0], { dueDate: daysAgo(10), amount: "240.00" }), await xero.invoice(customers[1], { dueDate: daysAgo(20), amount: "75.00" })];

  const workspace = await signUpWithXero(page, database, owner, organisation);
  await database.update(workspaces).set({ timeZone: zoneAtOnePm(), sendWindowStartHour: 0, sendWindowEndHour: 1, sendWeekdays: [1, 2, 3, 4, 5, 6, 7] }).where(eq(workspaces.id, workspace.id));

  await page.goto(`/w/${workspace.slug}/settings/reminders`);
  await page.getByRole("button", { name: "Turn reminders on" }).click();
  const dialog = page.getByRole("dialog", { name: "Start sending reminders?" });
  // The real first send time, never "today" when the window forbids it; then the offer.
  await expect(dialog.getByTestId("go-live-count")).toHaveText(/^2 reminders in 2 emails will go out tomorrow at 0:00 .+, when your send window opens\. The Reminders page lists each one\.$/);
  await expect(dialog.getByTestId("go-live-send-now")).toContainText("send the 2 reminders due today (2 emails) now instead");
  await expect(dialog.getByRole("button", { name: /^Turn on, send tomorrow at 0:00/ })).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page, "the go-live dialog with the send-now offer");
  await page.setViewportSize({ width: 375, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth), "the dialog at 375 px").toBeLessThanOrEqual(375);
  await dialog.getByRole("button", { name: "Send the 2 due now" }).click();
  await expect(page.getByTestId("toast")).toHaveText("Reminders are on. 2 reminders in 2 emails are going out now.");

  // The mailbox: one email to each, about its invoice, what the dialog counted.
  await expect
    .poll(async () => (await Promise.all(customers.map((customer) => messagesTo(customer.emailAddress)))).map((messages) => messages.length), {
      timeout: 90_000,
      message: "one email at the mailbox for each customer",
    })
    .toEqual([1, 1]);
  const [[toEarly], [toLate]] = await Promise.all(customers.map((customer) => messagesTo(customer.emailAddress)));
  expect(toEarly.subject).toBe(`Invoice ${invoices[0].number} is now overdue`);
  // Its first email, at the 14-day step's tone, in first-contact words (no "Second reminder").
  expect(toLate.subject).toMatch(new RegExp(`^Invoice ${invoices[1].number} is (19|20|21) days overdue$`));
  // Once live, the offer is gone: the window is the rule from now on.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole("button", { name: "Turn reminders off" }).click();
  await expect(page.getByTestId("toast")).toHaveText("Reminders are off: Solido only shows what it would send.");
  await page.getByRole("button", { name: "Turn reminders on" }).click();
  await expect(dialog.getByTestId("go-live-send-now")).toHaveCount(0);
  await expect(dialog.getByRole("button", { name: "Turn on", exact: true })).toBeVisible();
});
