// Overpayments, prepayments and zero-total invoices, answered as Xero answers them: GET /Overpayments
// and /Prepayments page and filter like /CreditNotes, allocations lower an invoice's AmountDue through
// AmountCredited and are listed on it, and an approved invoice with nothing to pay is PAID.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../server";
import { HARBOUR, api, connect, control, startTestSandbox } from "./support";

let sandbox: RunningSandbox;
let token: string;
beforeAll(async () => {
  sandbox = await startTestSandbox({ rateLimits: { perTenantPerMinute: 1000 } });
  ({ accessToken: token } = await connect(sandbox));
});
afterAll(() => sandbox.close());

const get = async (path: string, headers: Record<string, string> = {}) => {
  const response = await api(sandbox, token, path, { headers });
  return { status: response.status, body: await response.json() };
};

async function newCustomerWithInvoice(name: string, amount: number) {
  const contact = await control(sandbox, `/organisations/${HARBOUR.id}/contacts`, { name, emailAddress: `${name.toLowerCase().replace(/\W+/g, ".")}@example.test` });
  const invoice = await control(sandbox, `/organisations/${HARBOUR.id}/invoices`, { contactId: contact.ContactID, amount });
  return { contactId: contact.ContactID as string, invoiceId: invoice.InvoiceID as string, total: invoice.Total as number };
}

describe("the demo organisation", () => {
  it("holds an overpayment that settled an invoice with credit left over, an unallocated prepayment and a zero-total invoice", async () => {
    const overpayments = (await get("/Overpayments?page=1")).body.Overpayments;
    const prepayments = (await get("/Prepayments?page=1")).body.Prepayments;
    expect(overpayments.some((o: any) => o.Status === "AUTHORISED" && o.RemainingCredit > 0 && o.Allocations.length > 0)).toBe(true);
    expect(prepayments.some((p: any) => p.Status === "AUTHORISED" && p.RemainingCredit === p.Total && p.Allocations.length === 0)).toBe(true);
    expect([...overpayments, ...prepayments].some((credit: any) => credit.Status === "PAID" && credit.RemainingCredit === 0)).toBe(true);
    const { Invoices } = (await get("/Invoices?page=1&pageSize=1000")).body;
    expect(Invoices.some((invoice: any) => invoice.Total === 0 && invoice.Status === "PAID" && invoice.AmountDue === 0)).toBe(true);
    expect(Invoices.some((invoice: any) => invoice.Overpayments.length > 0 && invoice.Status === "PAID")).toBe(true);
    expect(Invoices.some((invoice: any) => invoice.Prepayments.length > 0)).toBe(true);
  });
});

describe("overpayments and prepayments", () => {
  it("an overpayment allocated to an invoice lowers its AmountDue through AmountCredited, is listed on it, and keeps the rest as RemainingCredit", async () => {
    const { contactId, invoiceId, total } = await newCustomerWithInvoice("Overpaying Owl Café", 100);
    const overpayment = await control(sandbox, `/organisations/${HARBOUR.id}/overpayments`, { contactId, amount: total + 20, reference: "Paid twice" });
    expect(overpayment).toMatchObject({ Type: "RECEIVE-OVERPAYMENT", Status: "AUTHORISED", Total: total + 20, RemainingCredit: total + 20 });
    const allocated = await control(sandbox, `/organisations/${HARBOUR.id}/overpayments/${overpayment.OverpaymentID}/allocations`, { invoiceId });
    expect(allocated).toMatchObject({ Status: "AUTHORISED", RemainingCredit: 20, Allocations: [{ Amount: total, Invoice: { InvoiceID: invoiceId } }] });
    const [invoice] = (await get(`/Invoices/${invoiceId}`)).body.Invoices;
    expect(invoice).toMatchObject({ Status: "PAID", AmountDue: 0, AmountPaid: 0, AmountCredited: total, Prepayments: [] });
    expect(invoice.Overpayments).toEqual([expect.objectContaining({ OverpaymentID: overpayment.OverpaymentID, AppliedAmount: total })]);
  });

  it("a prepayment used up becomes PAID; part of one leaves the invoice AUTHORISED with the rest due", async () => {
    const { contactId, invoiceId, total } = await newCustomerWithInvoice("Prepaying Pukeko Deli", 200);
    const prepayment = await control(sandbox, `/organisations/${HARBOUR.id}/prepayments`, { contactId, amount: 50 });
    const used = await control(sandbox, `/organisations/${HARBOUR.id}/prepayments/${prepayment.PrepaymentID}/allocations`, { invoiceId });
    expect(used).toMatchObject({ Type: "RECEIVE-PREPAYMENT", Status: "PAID", RemainingCredit: 0 });
    const [invoice] = (await get(`/Invoices/${invoiceId}`)).body.Invoices;
    expect(invoice).toMatchObject({ Status: "AUTHORISED", AmountCredited: 50, AmountDue: Math.round((total - 50) * 100) / 100 });
    expect(invoice.Prepayments).toEqual([expect.objectContaining({ PrepaymentID: prepayment.PrepaymentID, AppliedAmount: 50 })]);
  });

  it("GET /Overpayments pages, filters with where and answers only what changed after If-Modified-Since", async () => {
    const { contactId } = await newCustomerWithInvoice("Filtered Fantail Bakery", 10);
    const before = new Date(sandbox.clock.now()).toISOString();
    await control(sandbox, "/clock/advance", { seconds: 5 });
    const created = await control(sandbox, `/organisations/${HARBOUR.id}/overpayments`, { contactId, amount: 33 });
    const changed = await get("/Overpayments?page=1", { "If-Modified-Since": before });
    expect(changed.body.Overpayments.map((o: any) => o.OverpaymentID)).toEqual([created.OverpaymentID]);
    expect(changed.body.pagination).toMatchObject({ page: 1, pageSize: 100, itemCount: 1 });
    const open = await get(`/Overpayments?page=1&where=${encodeURIComponent('Type=="RECEIVE-OVERPAYMENT" AND Status=="AUTHORISED"')}`);
    expect(open.body.Overpayments.length).toBeGreaterThan(0);
    expect(open.body.Overpayments.every((o: any) => o.Status === "AUTHORISED")).toBe(true);
    const unknown = await get(`/Overpayments?where=${encodeURIComponent('Colour=="red"')}`);
    expect(unknown.status).toBe(400);
    expect((await get("/Prepayments?page=1", { "If-Modified-Since": before })).body.Prepayments).toEqual([]);
  });

  it("needs a payments scope: a token with only the invoices scope gets 401, as Xero answers a missing scope", async () => {
    const { accessToken } = await connect(sandbox, { scopes: ["openid", "profile", "email", "offline_access", "accounting.invoices"] });
    const response = await api(sandbox, accessToken, "/Overpayments?page=1");
    expect(response.status).toBe(401);
    expect((await api(sandbox, accessToken, "/CreditNotes?page=1")).status).toBe(200);
  });
});

describe("zero-total invoices", () => {
  it("an approved invoice totalling zero is PAID at once with nothing due; a draft one stays DRAFT until approved", async () => {
    const contact = await control(sandbox, `/organisations/${HARBOUR.id}/contacts`, { name: "Free Sample Kererū Kitchen" });
    const approved = await control(sandbox, `/organisations/${HARBOUR.id}/invoices`, { contactId: contact.ContactID, amount: 0 });
    expect(approved).toMatchObject({ Total: 0, AmountDue: 0, Status: "PAID" });
    const draft = await control(sandbox, `/organisations/${HARBOUR.id}/invoices`, { contactId: contact.ContactID, amount: 0, status: "DRAFT" });
    expect(draft).toMatchObject({ Total: 0, Status: "DRAFT" });
    const later = await control(sandbox, `/organisations/${HARBOUR.id}/invoices/${draft.InvoiceID}`, { status: "AUTHORISED" }, "PATCH");
    expect(later).toMatchObject({ Status: "PAID", AmountDue: 0 });
  });
});
