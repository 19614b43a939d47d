// The first day with Solido, end to end in real Chromium over the built app,
// the worker, the Xero sandbox and the mailbox: a business signs up with Xero,
// its first sync lands on the dashboard, the Reminders page previews what
// going live sends, the owner goes live, and the emails that reach the mailbox
// are the preview's, one for one — none claiming reminders that never went,
// none calling a not-yet-due invoice overdue.
//
// Time-robust: the journey opens the send window to every hour of every day
// (Settings → Reminders, as a user would), so "the first moment reminders can
// go" is now whatever hour CI runs, and dates are the organisation's own
// calendar days (New Zealand, from Xero's organisation timezone).
import crypto from "node:crypto";
import { localParts } from "~/reminders/send-window";
import { expectNoSeriousAccessibilityViolations } from "./support/accessibility";
import { expect, test } from "./support/test";
import { messagesTo, type MailboxMessage } from "./support/mailbox";
import { signUpWithXero } from "./support/journey";
import { workspaceHolding, xeroUserWithOrganisation } from "./support/xero-sandbox";

const ORGANISATION_TIME_ZONE = "Pacific/Auckland";
const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

type PreviewRow = { when: string; contact: string; to: string; invoice: string };

/** Words an email may only use when earlier reminders about its invoices were really sent. */
const CLAIMS_HISTORY = /earlier reminders|final reminder|second reminder|despite/i;

test("the first day: sign up, first sync, preview, go live — the emails at the mailbox are the preview's, one for one, and honest", async ({ page, database }) => {
  // Sign-up, a first sync, planning and five sends through the worker against Xero's simulated latency.
  // Every wait below is on a condition; this bounds only a hang.
  test.setTimeout(240_000);
  const run = crypto.randomBytes(3).toString("hex");
  const owner = { email: `fern-${run}@solido.test`, name: "Fern Firstday" };
  const organisation = `First Day Roasters ${run}`;
  const xero = await xeroUserWithOrganisation(owner, organisation);
  const today = localParts(new Date(), ORGANISATION_TIME_ZONE).day;

  // A realistic book: long overdue, just overdue, due today, due in 3 days, one customer with several
  // invoices (one not yet due), one customer without an email address, one invoice past the 90-day cut-off.
  const address = (who: string) => `${who}-${run}@first-day.test`;
  const customers = {
    longstanding: { name: "Longstanding Ltd", emailAddress: address("longstanding") },
    several: { name: "Several Things Co", emailAddress: address("several") },
    justLate: { name: "Just Late Bakery", emailAddress: address("justlate") },
    dueToday: { name: "Due Today Deli", emailAddress: address("duetoday") },
    soon: { name: "Soon Due Studio", emailAddress: address("soon") },
    noEmail: { name: "No Email Motors" },
    ancient: { name: "Ancient History Ltd", emailAddress: address("ancient") },
  };
  const ids = Object.fromEntries(await Promise.all(Object.entries(customers).map(async ([key, contact]) => [key, await xero.customer(contact)] as const))) as Record<keyof typeof customers, string>;
  const invoice = (key: keyof typeof customers, label: string, daysOverdue: number, amount: string) =>
    xero.invoiceFor(ids[key], { number: `FD${run}-${label}`, dueDate: shift(today, -daysOverdue), amount }).then(({ number }) => ({ number, daysOverdue, key }));
  const books = [
    await invoice("longstanding", "LONG", 45, "1250.00"),
    await invoice("several", "S20", 20, "310.00"),
    await invoice("several", "S2", 2, "95.50"),
    await invoice("several", "SNEXT", -3, "420.00"),
    await invoice("justLate", "LATE", 8, "180.00"),
    await invoice("dueToday", "TODAY", 0, "64.00"),
    await invoice("soon", "SOON", -3, "500.00"),
    await invoice("noEmail", "NOMAIL", 10, "220.00"),
    await invoice("ancient", "OLD", 200, "75.00"),
  ];
  const numberOf = (label: string) => `FD${run}-${label}`;
  // What the first day should send: every invoice at a step today except the one without an address
  // and the one past the cut-off; the customer with several invoices gets one email with all three.
  const expected = books.filter((row) => row.key !== "noEmail" && row.key !== "ancient");
  const recipientOf = (key: keyof typeof customers) => (customers[key] as { emailAddress: string }).emailAddress;

  // Sign up with Xero.
  const workspace = await signUpWithXero(page, database, owner, organisation, { waitForFirstSync: false });

  // The dashboard follows the first sync and shows what is due, without a reload.
  const dashboardUpcoming = page.getByTestId("upcoming-reminders");
  await expect(dashboardUpcoming).toContainText(`Longstanding Ltd · ${numberOf("LONG")}`, { timeout: 60_000 });
  for (const row of expected) await expect(dashboardUpcoming).toContainText(row.number);
  await expect(page.getByTestId("needs-attention")).toContainText("no email address in Xero");
  expect((await workspaceHolding(database, organisation)).timeZone).toBe(ORGANISATION_TIME_ZONE);

  // Settings → Reminders: reminders may go at any hour of any day (so the journey holds whenever it runs).
  await page.goto(`/w/${workspace.slug}/settings/reminders`);
  await page.getByRole("combobox", { name: "From" }).selectOption("0");
  await page.getByRole("combobox", { name: "Until" }).selectOption("24");
  for (const day of ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]) await page.getByRole("checkbox", { name: day }).check();
  await page.getByRole("button", { name: "Save send window" }).click();
  await expect(page.getByTestId("toast")).toHaveText("Send window saved.");

  // The preview: the Reminders page's first day is what going live sends.
  await page.goto(`/w/${workspace.slug}/reminders`);
  await expect(page.getByRole("heading", { name: "Upcoming, next 14 days" })).toBeVisible();
  const todayLabel = new Intl.DateTimeFormat("en-NZ", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short" }).format(new Date(`${today}T00:00:00Z`));
  const previewRows: PreviewRow[] = await page
    .getByTestId("upcoming-queue")
    .locator(":scope > li")
    .evaluateAll((items) =>
      items.map((item) => {
        const spans = item.querySelectorAll(":scope > span");
        const links = item.querySelectorAll("a");
        return { when: spans[0].textContent ?? "", contact: links[0].textContent ?? "", to: (spans[1].textContent ?? "").split(" · ")[1] ?? "", invoice: links[1].textContent ?? "" };
      }),
    );
  const firstDay = previewRows.filter((row) => row.when === todayLabel);
  expect(
    firstDay.map((row) => `${row.to} ${row.invoice}`).sort(),
    "the preview's first day: every invoice at a step today, none without an address, none past the cut-off",
  ).toEqual(expected.map((row) => `${recipientOf(row.key as keyof typeof customers)} ${row.number}`).sort());
  const previewByRecipient = new Map<string, string[]>();
  for (const row of firstDay) previewByRecipient.set(row.to, [...(previewByRecipient.get(row.to) ?? []), row.invoice].sort());
  await expectNoSeriousAccessibilityViolations(page, "the Reminders page's preview");
  // On a phone each row keeps its customer, address and invoice readable: the step's words move under them
  // rather than squeezing them into a column a few letters wide.
  await page.setViewportSize({ width: 375, height: 800 });
  const narrowest = await page
    .getByTestId("upcoming-queue")
    .locator(":scope > li > span:nth-child(2)")
    .evaluateAll((spans) => Math.min(...spans.map((span) => span.getBoundingClientRect().width)));
  expect(narrowest, "the narrowest preview row's customer and invoice column at 375 px").toBeGreaterThanOrEqual(180);
  await page.setViewportSize({ width: 1280, height: 800 });

  // Go live: the dialog counts what the preview lists.
  await page.goto(`/w/${workspace.slug}/settings/reminders`);
  await page.getByRole("button", { name: "Turn reminders on" }).click();
  const dialog = page.getByRole("dialog", { name: "Start sending reminders?" });
  await expect(dialog.getByTestId("go-live-count")).toHaveText(
    `${firstDay.length} reminders in ${previewByRecipient.size} emails will go out now (until 24:00). The Reminders page lists each one.`,
  );
  await dialog.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByTestId("toast")).toHaveText("Reminders are on. The first ones go now (until 24:00).");

  // The mailbox, as the customers receive it: one email per recipient in the preview, with exactly its invoices.
  const arrived = new Map<string, MailboxMessage[]>();
  await expect
    .poll(
      async () => {
        for (const recipient of previewByRecipient.keys()) arrived.set(recipient, await messagesTo(recipient));
        return [...arrived.values()].filter((messages) => messages.length > 0).length;
      },
      { timeout: 120_000, message: "an email at the mailbox for every recipient in the preview" },
    )
    .toBe(previewByRecipient.size);
  for (const [recipient, invoicesInPreview] of previewByRecipient) {
    const messages = arrived.get(recipient)!;
    expect(messages, `one email to ${recipient}`).toHaveLength(1);
    const [email] = messages;
    expect(email.to.map((to) => to.address)).toEqual([recipient]);
    const text = `${email.subject}\n${email.text}`;
    const mentioned = books.filter((row) => text.includes(row.number)).map((row) => row.number).sort();
    expect(mentioned, `the invoices in the email to ${recipient}`).toEqual(invoicesInPreview);
    // No first email claims earlier reminders: nothing was ever sent before today.
    expect(text, `the email to ${recipient} claims no history`).not.toMatch(CLAIMS_HISTORY);
    // No invoice not yet due is called overdue: its lines say when it falls due, under "Coming up" in a grouped email.
    for (const row of books.filter((book) => book.daysOverdue < 0 && mentioned.includes(book.number))) {
      for (const line of text.split("\n").filter((each) => each.includes(row.number))) expect(line, `${row.number} in the email to ${recipient}`).not.toMatch(/overdue/i);
    }
  }
  // Nothing for the customer past the cut-off.
  expect(await messagesTo(recipientOf("ancient"))).toHaveLength(0);

  // The grouped email: about the two overdue invoices, the one due in 3 days listed apart as coming up.
  const [grouped] = arrived.get(recipientOf("several"))!;
  expect(grouped.subject).toMatch(/^2 invoices from First Day Roasters .+ are overdue — /);
  expect(grouped.subject).not.toContain(numberOf("SNEXT"));
  const text = grouped.text ?? "";
  expect(text.indexOf("Coming up (not due yet)"), "the not-yet-due invoice is listed apart").toBeGreaterThan(-1);
  expect(text.indexOf(numberOf("SNEXT"))).toBeGreaterThan(text.indexOf("Coming up (not due yet)"));
  expect(text).toContain("(due in 3 days)");
  // The long-overdue invoice's first email is worded as a first email, at the firm step's tone.
  const [longOverdue] = arrived.get(recipientOf("longstanding"))!;
  expect(longOverdue.subject).toBe(`Payment needed: invoice ${numberOf("LONG")} is 45 days overdue`);
  const [soon] = arrived.get(recipientOf("soon"))!;
  expect(soon.subject).toMatch(new RegExp(`^Invoice ${numberOf("SOON")} is due on `));

  // The Reminders page's log now shows what went, and the first day has nothing left to send.
  await page.goto(`/w/${workspace.slug}/reminders`);
  await expect(page.getByTestId("reminder-log").locator("tbody > tr")).toHaveCount(previewByRecipient.size);
});
