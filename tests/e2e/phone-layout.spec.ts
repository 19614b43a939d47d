// Every page at a phone's width (375 px): nothing scrolls sideways, and every
// page has the way to support. Seeded with awkward data — a long customer
// name, a long email address, a long reference — since short words hide
// overflow. At a desk's width (1280 px), the invoice list fits its card with
// each customer on one line. Also: list links with a bad date or cursor are
// 400 pages.
import fs from "node:fs";
import { eq } from "drizzle-orm";
import { contacts, invoices, reminderEmails, workspaces } from "~db/schema";
import { addDays, todayIn } from "~/display/format";
import { connectWorkspace, type Database } from "./support/session";
import { expect, pageHeading, test } from "./support/test";

const LONG_NAME = "Harbourside Hospitality & Events Management Group Limited (Wellington Branch)";
const LONG_EMAIL = "accounts.payable.department.wellington@harbourside-hospitality-events.example.test";

/** A connected workspace's books with awkward data: a long customer name and email address, long references, eight invoices. */
async function awkwardBooks(database: Database, workspace: { id: string }) {
  await connectWorkspace(database, workspace);
  await database.update(workspaces).set({ timeZone: "Pacific/Auckland", baseCurrency: "NZD", countryCode: "NZ" }).where(eq(workspaces.id, workspace.id));
  const today = todayIn("Pacific/Auckland");
  const [customer] = await database
    .insert(contacts)
    .values({ workspaceId: workspace.id, xeroContactId: crypto.randomUUID(), name: LONG_NAME, emailAddress: LONG_EMAIL, isCustomer: true })
    .returning();
  const [invoice] = await database
    .insert(invoices)
    .values(
      Array.from({ length: 8 }, (_, index) => ({
        workspaceId: workspace.id,
        contactId: customer.id,
        xeroInvoiceId: crypto.randomUUID(),
        invoiceNumber: `INV-2026-000${index}`,
        reference: "Purchase order 4500012345 — catering for the annual general meeting and the staff end-of-year function",
        status: "AUTHORISED" as const,
        currencyCode: "NZD",
        total: "123456.78",
        amountDue: "123456.78",
        issueDate: addDays(today, -40 + index),
        dueDate: addDays(today, -20 + index * 4),
        xeroUpdatedAt: new Date(),
      })),
    )
    .returning();
  const [email] = await database
    .insert(reminderEmails)
    .values({
      workspaceId: workspace.id,
      contactId: customer.id,
      sendDate: today,
      messageId: `<e2e-${crypto.randomUUID()}@solido.test>`,
      status: "sent",
      toAddress: LONG_EMAIL,
      subject: `Invoice ${invoice.invoiceNumber} is overdue`,
      html: "<p>Hello.</p>",
      text: "Hello.",
      sentAt: new Date(),
    })
    .returning();
  return { customer, invoice, email };
}

test.describe("at 375 px", () => {
  test.use({ viewport: { width: 375, height: 812 }, expectedConsoleErrors: [/status of (404|410|400)/] });

  test("no page scrolls sideways, and every page links to support", async ({ page, member, database }) => {
    test.setTimeout(120_000);
    const { workspace } = member;
    const { customer, invoice, email } = await awkwardBooks(database, workspace);

    const base = `/w/${workspace.slug}`;
    const pages = [
      "/",
      "/login",
      "/support",
      "/privacy",
      "/terms",
      "/no-such-page",
      base,
      `${base}/invoices`,
      `${base}/invoices/${invoice.id}`,
      `${base}/contacts`,
      `${base}/contacts/${customer.id}`,
      `${base}/reminders`,
      `${base}/reminders/emails/${email.id}`,
      `${base}/settings/reminders`,
      `${base}/settings/integrations`,
      `${base}/settings/team`,
      `${base}/settings/audit-log`,
      "/workspaces/new",
      // A customer's page from an old or mangled link (the page itself at 375 px: customer-page.spec.ts), and an invitation's.
      "/pay/not-a-real-link.signature",
      `/invites/${crypto.randomUUID()}`,
    ];
    const overflowing: string[] = [];
    fs.mkdirSync("test-results/phone", { recursive: true });
    for (const path of pages) {
      await page.goto(path);
      await expect(pageHeading(page)).toBeVisible();
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      if (widths.scroll > widths.client) {
        // Name the widest culprits, so a failure says where to look.
        const culprits = await page.evaluate((client) =>
          [...document.querySelectorAll("body *")]
            .filter((element) => element.getBoundingClientRect().right > client + 1)
            .slice(0, 3)
            .map((element) => `${element.tagName.toLowerCase()}.${String(element.className).slice(0, 60)}`),
        widths.client);
        overflowing.push(`${path}: ${widths.scroll}px wide (${culprits.join(", ")})`);
      }
      // Nor do the invoice tables (the list's, the contact page's) scroll sideways inside their cards: on a phone they show their key columns.
      const scrollingInside = await page.evaluate(() =>
        [...document.querySelectorAll("[data-testid=invoice-table], [data-testid=contact-invoices] table")]
          .filter((table) => table.getBoundingClientRect().width > table.parentElement!.clientWidth + 1)
          .map((table) => `an invoice table: ${Math.round(table.getBoundingClientRect().width)}px in ${table.parentElement!.clientWidth}px`),
      );
      for (const inside of scrollingInside) overflowing.push(`${path}: scrolls sideways inside ${inside}`);
      if (path === `${base}/contacts/${customer.id}`) await expect(page.getByTestId("contact-invoices").getByRole("link", { name: invoice.invoiceNumber! })).toBeVisible();
      // Every tab of a tab strip (a list's views, Settings' sections) in view, none behind a sideways swipe.
      for (const strip of await page.getByRole("navigation", { name: /^(Invoice status|Contact state|Settings)$/ }).all()) {
        for (const tab of await strip.getByRole("link").all()) {
          const box = await tab.boundingBox();
          if (box!.x < 0 || box!.x + box!.width > 375) overflowing.push(`${path}: the tab "${await tab.textContent()}" is out of view (${Math.round(box!.x)}–${Math.round(box!.x + box!.width)} px)`);
        }
      }
      // A status is one line, however narrow its column.
      for (const badge of await page.getByText("Awaiting payment", { exact: true }).all()) {
        if ((await badge.isVisible()) && (await badge.boundingBox())!.height > 24) overflowing.push(`${path}: "Awaiting payment" wraps`);
      }
      // The key columns on a phone: the amount due, and when it was due, in view without scrolling sideways.
      if (path === `${base}/invoices`) {
        const amount = await page.getByTestId("amount-due").first().boundingBox();
        expect(amount!.x + amount!.width, "the first amount due's right edge").toBeLessThanOrEqual(375);
        await expect(page.getByTestId("invoice-row").first()).toContainText("Due ");
      }
      // The customer's page speaks for the business, whose customers write to it (its reply-to), not to Solido.
      if (!path.startsWith("/pay/")) await expect(page.getByRole("link", { name: /^(Contact support|Help & support)$/ }).first(), `${path} links to support`).toBeAttached();
      await page.screenshot({ path: `test-results/phone/${path.replace(/[^a-z0-9]+/gi, "_") || "home"}.png`, fullPage: true });
    }
    expect(overflowing, "pages wider than the phone").toEqual([]);
  });
});

test.describe("at 1280 px", () => {
  test.use({ viewport: { width: 1280, height: 900 } });

  test("the invoice list fits its card, each customer on one line and the reminders' dates unbroken", async ({ page, member, database }) => {
    const { workspace } = member;
    await awkwardBooks(database, workspace);
    await page.goto(`/w/${workspace.slug}/invoices?status=all`);
    const table = page.getByTestId("invoice-table");
    await expect(table).toBeVisible();
    await page.screenshot({ path: "test-results/desk/invoices.png", fullPage: true });
    const widths = await table.evaluate((element) => ({ table: element.getBoundingClientRect().width, card: element.parentElement!.clientWidth }));
    expect(widths.table, "the invoice table's width in its card").toBeLessThanOrEqual(widths.card);
    const customer = page.getByTestId("invoice-row").first().getByRole("link", { name: LONG_NAME });
    await expect(customer).toHaveAttribute("title", LONG_NAME);
    expect((await customer.boundingBox())!.height, "the customer's name on one line").toBeLessThanOrEqual(24);
    for (const date of await page.getByTestId("next-reminder").all()) {
      if (/\d{4}$/.test((await date.textContent())!)) expect((await date.boundingBox())!.height, "a next reminder's date on one line").toBeLessThanOrEqual(24);
    }
  });
});

test.describe("list links", () => {
  test.use({ expectedConsoleErrors: [/status of 400/] });

  test("a bad date or page cursor in a list's URL is a 400 page in plain words with a way back, never a server error", async ({ page, member }) => {
    const base = `/w/${member.workspace.slug}`;
    const foreignCursor = (value: string) => Buffer.from(JSON.stringify([value, crypto.randomUUID()])).toString("base64url");
    for (const [path, words] of [
      [`${base}/invoices?dueFrom=2026-02-31`, "isn't a real date"],
      [`${base}/invoices?dueTo=tomorrow`, "isn't a real date"],
      [`${base}/invoices?after=not-a-cursor`, "broken “next page”"],
      [`${base}/invoices?sort=amount&after=${foreignCursor("lots")}`, "broken “next page”"],
      [`${base}/invoices?before=${foreignCursor("2026-13-01")}`, "broken “next page”"],
      [`${base}/contacts?after=@@@`, "broken “next page”"],
      [`${base}/reminders?after=${foreignCursor("yesterday")}`, "broken “next page”"],
      [`${base}/settings/audit-log?before=${foreignCursor("2026-02-30 10:00:00+00")}`, "broken “next page”"],
    ] as const) {
      const response = await page.goto(path);
      expect(response!.status(), path).toBe(400);
      await expect(pageHeading(page)).toHaveText("We couldn't read that link");
      await expect(page.getByTestId("error-page")).toContainText(words);
      await expect(page.getByTestId("error-page").getByRole("link", { name: "Contact support" })).toBeVisible();
    }
    await page.getByRole("link", { name: "Start this page afresh" }).click();
    await expect(page).toHaveURL(`${base}/settings/audit-log`);
    await expect(page.getByTestId("error-page")).toHaveCount(0);
  });
});
