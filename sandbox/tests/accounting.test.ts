// The Accounting API answers in Xero's shapes and with Xero's filtering, paging and arithmetic.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../server";
import { HARBOUR, api, connect, control, startTestSandbox } from "./support";

let sandbox: RunningSandbox;
let token: string;
beforeAll(async () => {
  // More calls than Xero's 60 a minute: this file tests answers, rate-limits.test.ts tests limits.
  sandbox = await startTestSandbox({ rateLimits: { perTenantPerMinute: 1000 } });
  ({ accessToken: token } = await connect(sandbox));
});
afterAll(() => sandbox.close());

const get = async (path: string, headers: Record<string, string> = {}) => {
  const response = await api(sandbox, token, path, { headers });
  return { status: response.status, body: await response.json() };
};

const msDateOf = (value: string) => Number(/\/Date\((-?\d+)/.exec(value)![1]);

describe("GET /Invoices", () => {
  it("wraps results in Xero's envelope with /Date()/ dates and DateString twins", async () => {
    const { body } = await get("/Invoices?page=1&pageSize=5");
    expect(body).toMatchObject({ Id: expect.any(String), Status: "OK", ProviderName: "Solido", DateTimeUTC: expect.stringMatching(/^\/Date\(\d+\)\/$/) });
    const [invoice] = body.Invoices;
    expect(invoice.Date).toMatch(/^\/Date\(\d+\+0000\)\/$/);
    expect(invoice.DateString).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00$/);
    expect(invoice.UpdatedDateUTC).toMatch(/^\/Date\(\d+\+0000\)\/$/);
    expect(invoice.LineItems.length).toBeGreaterThan(0);
  });

  it("pages with a pagination block: 100 by default, up to 1000, the rest on later pages", async () => {
    const first = await get("/Invoices?page=1");
    expect(first.body.pagination).toEqual({ page: 1, pageSize: 100, pageCount: 2, itemCount: expect.any(Number) });
    expect(first.body.Invoices).toHaveLength(100);
    const second = await get("/Invoices?page=2");
    expect(second.body.Invoices).toHaveLength(first.body.pagination.itemCount - 100);
    const huge = await get("/Invoices?page=1&pageSize=5000");
    expect(huge.body.pagination.pageSize).toBe(1000);
    const ids = new Set([...first.body.Invoices, ...second.body.Invoices].map((invoice: { InvoiceID: string }) => invoice.InvoiceID));
    expect(ids.size).toBe(first.body.pagination.itemCount);
  });

  it("without page returns everything, with no pagination block and no line items", async () => {
    const { body } = await get("/Invoices");
    expect(body.pagination).toBeUndefined();
    expect(body.Invoices.length).toBeGreaterThan(150);
    expect(body.Invoices[0].LineItems).toBeUndefined();
  });

  it("summaryOnly drops line items, payments and credit notes", async () => {
    const { body } = await get("/Invoices?page=1&summaryOnly=true");
    expect(body.Invoices[0].LineItems).toBeUndefined();
    expect(body.Invoices[0].Payments).toBeUndefined();
    expect(body.Invoices[0].AmountDue).toEqual(expect.any(Number));
  });

  it("filters by Statuses, where (Type and Status equality), IDs and ContactIDs", async () => {
    const authorised = await get('/Invoices?Statuses=AUTHORISED&where=Type%3D%3D%22ACCREC%22');
    expect(authorised.body.Invoices.length).toBeGreaterThan(20);
    expect(authorised.body.Invoices.every((invoice: { Status: string }) => invoice.Status === "AUTHORISED")).toBe(true);
    const byWhere = await get(`/Invoices?where=${encodeURIComponent('Type=="ACCREC" AND Status=="AUTHORISED"')}`);
    expect(byWhere.body.Invoices.length).toBe(authorised.body.Invoices.length);
    const [a, b] = authorised.body.Invoices;
    const byIds = await get(`/Invoices?IDs=${a.InvoiceID},${b.InvoiceID}`);
    expect(byIds.body.Invoices.map((invoice: { InvoiceID: string }) => invoice.InvoiceID).sort()).toEqual([a.InvoiceID, b.InvoiceID].sort());
    // Ids are looked up directly: case does not matter, a repeated id is one invoice, an unknown one is none, and the other filters still apply.
    const unknown = "00000000-0000-4000-8000-000000000000";
    const byIdsAgain = await get(`/Invoices?IDs=${a.InvoiceID.toUpperCase()},${a.InvoiceID},${unknown}&Statuses=PAID`);
    expect(byIdsAgain.body.Invoices).toEqual([]);
    const byIdsOnce = await get(`/Invoices?IDs=${a.InvoiceID.toUpperCase()},${a.InvoiceID},${unknown}`);
    expect(byIdsOnce.body.Invoices.map((invoice: { InvoiceID: string }) => invoice.InvoiceID)).toEqual([a.InvoiceID]);
    const byContact = await get(`/Invoices?ContactIDs=${a.Contact.ContactID}`);
    expect(byContact.body.Invoices.every((invoice: { Contact: { ContactID: string } }) => invoice.Contact.ContactID === a.Contact.ContactID)).toBe(true);
  });

  it("refuses a where clause it cannot evaluate with Xero's 400 rather than ignoring it", async () => {
    const unknownField = await get(`/Invoices?where=${encodeURIComponent('Colour=="red"')}`);
    expect(unknownField.status).toBe(400);
    expect(unknownField.body).toMatchObject({ ErrorNumber: 16, Type: "QueryParseException", Message: expect.stringContaining("Colour") });
    const method = await get(`/Invoices?where=${encodeURIComponent('Reference.Contains("PO")')}`);
    expect(method.status).toBe(400);
  });

  it("returns only invoices updated strictly after If-Modified-Since", async () => {
    const { body } = await get("/Invoices?page=1&order=UpdatedDateUTC%20DESC&pageSize=3");
    const newest = body.Invoices[0];
    const at = new Date(msDateOf(newest.UpdatedDateUTC));
    const same = await get("/Invoices", { "If-Modified-Since": at.toISOString() });
    expect(same.body.Invoices.map((invoice: { InvoiceID: string }) => invoice.InvoiceID)).not.toContain(newest.InvoiceID);
    const before = await get("/Invoices", { "If-Modified-Since": new Date(at.getTime() - 1).toISOString() });
    expect(before.body.Invoices.map((invoice: { InvoiceID: string }) => invoice.InvoiceID)).toContain(newest.InvoiceID);
    const httpDate = await get("/Invoices", { "If-Modified-Since": new Date(at.getTime() - 1000).toUTCString() });
    expect(httpDate.body.Invoices.length).toBeGreaterThanOrEqual(1);
  });

  it("orders by the requested field and refuses unknown order fields", async () => {
    const { body } = await get("/Invoices?page=1&order=InvoiceNumber%20DESC");
    const numbers = body.Invoices.map((invoice: { InvoiceNumber: string }) => invoice.InvoiceNumber);
    expect(numbers).toEqual([...numbers].sort().reverse());
    expect((await get("/Invoices?order=Colour")).status).toBe(400);
  });

  it("keeps AmountDue = Total − AmountPaid − AmountCredited to the cent on every invoice", async () => {
    const { body } = await get("/Invoices?page=1&pageSize=1000");
    const cents = (amount: number) => Math.round(amount * 100);
    for (const invoice of body.Invoices) {
      if (invoice.Status === "VOIDED" || invoice.Status === "DELETED") continue;
      expect(cents(invoice.AmountDue)).toBe(cents(invoice.Total) - cents(invoice.AmountPaid) - cents(invoice.AmountCredited));
      expect(cents(invoice.AmountPaid)).toBe(invoice.Payments.reduce((sum: number, payment: { Amount: number }) => sum + cents(payment.Amount), 0));
      if (invoice.Status === "PAID") expect(invoice.AmountDue).toBe(0);
    }
  });

  it("gets one invoice by id with line items, and 404s an unknown one", async () => {
    const { body } = await get("/Invoices?page=1&pageSize=1");
    const one = await get(`/Invoices/${body.Invoices[0].InvoiceID}`);
    expect(one.body.Invoices).toHaveLength(1);
    expect(one.body.Invoices[0].LineItems.length).toBeGreaterThan(0);
    expect((await get("/Invoices/00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });
});

describe("bulk edits", () => {
  it("stamp every record with the same UpdatedDateUTC, in an order among them that any change may reshuffle", async () => {
    // Xero documents no order among records changed at the same moment; the app must not rely on one.
    const invoices = (await get("/Invoices?page=1&pageSize=8&Statuses=AUTHORISED")).body.Invoices.map((invoice: { InvoiceID: string }) => invoice.InvoiceID);
    const edited = await control(sandbox, `/organisations/${HARBOUR.id}/bulk-edit`, { invoices: invoices.map((id: string) => ({ id, reference: "Bulk edited" })) });
    expect(new Set(edited.invoices.map((invoice: { UpdatedDateUTC: string }) => invoice.UpdatedDateUTC)).size).toBe(1);
    const listed = async () =>
      (await get(`/Invoices?IDs=${invoices.join(",")}&order=UpdatedDateUTC`)).body.Invoices.map((invoice: { InvoiceID: string; UpdatedDateUTC: string }) => invoice.InvoiceID);
    const first = await listed();
    expect(first.sort()).toEqual([...invoices].sort());
    const before = await listed();
    expect(await listed()).toEqual(before); // the same state answers the same order, so pages agree
    const orders = new Set([before.join()]);
    for (let change = 0; change < 5 && orders.size === 1; change++) {
      await control(sandbox, `/organisations/${HARBOUR.id}/contacts`, { name: `Unrelated change ${change}` });
      orders.add((await listed()).join());
    }
    expect(orders.size).toBeGreaterThan(1);
  });
});

describe("payments and credit notes move AmountDue", () => {
  it("a partial payment, a credit allocation and a final payment take an invoice to PAID", async () => {
    const contact = await control(sandbox, `/organisations/${HARBOUR.id}/contacts`, { name: "Arithmetic Café", emailAddress: "sums@example.com" });
    const invoice = await control(sandbox, `/organisations/${HARBOUR.id}/invoices`, { contactId: contact.ContactID, amount: "100.10" });
    expect(invoice.Total).toBe(115.12); // 15% GST on 100.10 rounds to 15.02
    await control(sandbox, `/organisations/${HARBOUR.id}/invoices/${invoice.InvoiceID}/payments`, { amount: "40.01" });
    const credit = await control(sandbox, `/organisations/${HARBOUR.id}/credit-notes`, { contactId: contact.ContactID, amount: "10.00" });
    await control(sandbox, `/organisations/${HARBOUR.id}/credit-notes/${credit.CreditNoteID}/allocations`, { invoiceId: invoice.InvoiceID });
    let current = (await get(`/Invoices/${invoice.InvoiceID}`)).body.Invoices[0];
    expect(current).toMatchObject({ Status: "AUTHORISED", AmountPaid: 40.01, AmountCredited: 11.5, AmountDue: 63.61 });
    expect(current.CreditNotes[0]).toMatchObject({ CreditNoteID: credit.CreditNoteID, AppliedAmount: 11.5 });
    await control(sandbox, `/organisations/${HARBOUR.id}/invoices/${invoice.InvoiceID}/payments`, {});
    current = (await get(`/Invoices/${invoice.InvoiceID}`)).body.Invoices[0];
    expect(current).toMatchObject({ Status: "PAID", AmountDue: 0, AmountPaid: 103.62 });
    const payments = await get(`/Payments?where=${encodeURIComponent(`Invoice.InvoiceID==Guid("${invoice.InvoiceID}")`)}`);
    expect(payments.body.Payments.map((payment: { Amount: number }) => payment.Amount).sort()).toEqual([40.01, 63.61]);
    const creditNotes = await get(`/CreditNotes?where=${encodeURIComponent(`CreditNoteID==Guid("${credit.CreditNoteID}")`)}`);
    expect(creditNotes.body.CreditNotes[0]).toMatchObject({ RemainingCredit: 0, Status: "PAID" });
  });

  it("refuses to void an invoice with payments, as Xero does", async () => {
    const { body } = await get("/Invoices?Statuses=PAID&page=1&pageSize=1");
    const response = await fetch(`${sandbox.url}/__sandbox/organisations/${HARBOUR.id}/invoices/${body.Invoices[0].InvoiceID}/void`, { method: "POST" });
    expect(response.status).toBe(400);
  });
});

describe("other resources", () => {
  it("Contacts hides archived ones unless includeArchived=true, and summaryOnly trims them", async () => {
    const active = await get("/Contacts?page=1");
    const all = await get("/Contacts?page=1&includeArchived=true");
    expect(all.body.Contacts.length).toBe(active.body.Contacts.length + 1);
    expect(all.body.Contacts.filter((contact: { ContactStatus: string }) => contact.ContactStatus === "ARCHIVED")).toHaveLength(1);
    const withoutEmail = active.body.Contacts.filter((contact: { EmailAddress: string }) => contact.EmailAddress === "");
    expect(withoutEmail.length).toBeGreaterThanOrEqual(3);
    const summary = await get("/Contacts?page=1&summaryOnly=true");
    expect(summary.body.Contacts[0].ContactPersons).toBeUndefined();
    const one = await get(`/Contacts/${active.body.Contacts[0].ContactID}`);
    expect(one.body.Contacts[0].ContactID).toBe(active.body.Contacts[0].ContactID);
  });

  it("a contact list asked for without page leaves out ContactPersons and ContactGroups, even for IDs", async () => {
    // Xero-Java#245 (Xero's Sidney Allen: getContacts "does not return all the details for each
    // contact … try passing the page param") and xero-node#524 ("You need to specify pagination").
    const withPersons = [...sandbox.store.book(HARBOUR.id)!.contacts.values()].find((contact) => contact.contactPersons.length > 0)!;
    const paged = (await get(`/Contacts?page=1&IDs=${withPersons.id}`)).body.Contacts[0];
    expect(paged.ContactPersons.length).toBe(withPersons.contactPersons.length);
    expect(paged.ContactGroups).toEqual([]);
    const one = (await get(`/Contacts/${withPersons.id}`)).body.Contacts[0];
    expect(one.ContactPersons.length).toBe(withPersons.contactPersons.length);
    for (const path of [`/Contacts?IDs=${withPersons.id}`, "/Contacts"]) {
      const { body } = await get(path);
      expect(body.pagination, path).toBeUndefined();
      for (const contact of body.Contacts) {
        expect(contact, path).not.toHaveProperty("ContactPersons");
        expect(contact, path).not.toHaveProperty("ContactGroups");
        expect(contact.EmailAddress, path).toEqual(expect.any(String));
      }
    }
  });

  it("keeps ContactPersons in unpaged lists only when the unpaged-contact-persons leniency is asked for", async () => {
    const lenient = await startTestSandbox({ leniencies: ["unpaged-contact-persons"] });
    try {
      const { accessToken } = await connect(lenient);
      const { Contacts } = await (await api(lenient, accessToken, "/Contacts")).json();
      expect(Contacts.some((contact: { ContactPersons?: unknown[] }) => (contact.ContactPersons?.length ?? 0) > 0)).toBe(true);
    } finally {
      await lenient.close();
    }
  });

  it("searchTerm finds contacts case-insensitively by name, first or last name and email (xero_accounting.yaml, GET /Contacts)", async () => {
    const contacts = [...sandbox.store.book(HARBOUR.id)!.contacts.values()].filter((contact) => contact.status === "ACTIVE" && contact.emailAddress);
    const [target] = contacts;
    const byName = await get(`/Contacts?page=1&searchTerm=${encodeURIComponent(target.name.slice(1, 6).toUpperCase())}`);
    expect(byName.body.Contacts.map((contact: { ContactID: string }) => contact.ContactID)).toContain(target.id);
    for (const contact of byName.body.Contacts) expect(contact.Name.toLowerCase() + contact.EmailAddress.toLowerCase() + (contact.FirstName ?? "").toLowerCase() + (contact.LastName ?? "").toLowerCase()).toContain(target.name.slice(1, 6).toLowerCase());
    const domain = target.emailAddress.split("@")[1];
    const byEmail = await get(`/Contacts?page=1&searchTerm=${encodeURIComponent(domain)}`);
    expect(byEmail.body.Contacts.map((contact: { ContactID: string }) => contact.ContactID)).toContain(target.id);
    expect((await get("/Contacts?page=1&searchTerm=zz-nobody-zz")).body.Contacts).toEqual([]);
  });

  it("searchTerm finds invoices by number or reference (xero_accounting.yaml, parameter searchTerm)", async () => {
    const invoice = (await get("/Invoices?page=1&pageSize=1&Statuses=AUTHORISED")).body.Invoices[0];
    const found = await get(`/Invoices?page=1&searchTerm=${encodeURIComponent(invoice.InvoiceNumber.toLowerCase())}`);
    expect(found.body.Invoices.map((one: { InvoiceID: string }) => one.InvoiceID)).toContain(invoice.InvoiceID);
    expect(found.body.Invoices.every((one: { InvoiceNumber: string; Reference: string }) => `${one.InvoiceNumber} ${one.Reference}`.toLowerCase().includes(invoice.InvoiceNumber.toLowerCase()))).toBe(true);
  });

  it("Organisation describes the tenant", async () => {
    const { body } = await get("/Organisation");
    expect(body.Organisations[0]).toMatchObject({ OrganisationID: HARBOUR.id, Name: HARBOUR.name, BaseCurrency: "NZD", CountryCode: "NZ", Timezone: "NEWZEALANDSTANDARDTIME", ShortCode: HARBOUR.shortCode });
  });

  it("OnlineInvoice gives a link for approved sales invoices and refuses drafts", async () => {
    const unpaid = (await get("/Invoices?Statuses=AUTHORISED&page=1&pageSize=1")).body.Invoices[0];
    const online = await get(`/Invoices/${unpaid.InvoiceID}/OnlineInvoice`);
    expect(online.body.OnlineInvoices[0].OnlineInvoiceUrl).toMatch(/^http/);
    const page = await fetch(online.body.OnlineInvoices[0].OnlineInvoiceUrl);
    expect(await page.text()).toContain(unpaid.InvoiceNumber);
    const draft = (await get("/Invoices?Statuses=DRAFT&page=1&pageSize=1")).body.Invoices[0];
    expect((await get(`/Invoices/${draft.InvoiceID}/OnlineInvoice`)).status).toBe(400);
  });

  it("an invoice asked for with Accept: application/pdf is its PDF; without it, the JSON; the /pdf path is not Xero's", async () => {
    const unpaid = (await get("/Invoices?Statuses=AUTHORISED&page=1&pageSize=1")).body.Invoices[0];
    const response = await api(sandbox, token, `/Invoices/${unpaid.InvoiceID}`, { headers: { Accept: "application/pdf" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    const pdf = Buffer.from(await response.arrayBuffer());
    const text = pdf.toString("latin1");
    expect(text.startsWith("%PDF-1.4\n")).toBe(true);
    expect(text.trimEnd().endsWith("%%EOF")).toBe(true);
    expect(text).toContain(`(Invoice number: ${unpaid.InvoiceNumber})`);
    expect(text).toContain(`(Amount due: ${unpaid.CurrencyCode} ${unpaid.AmountDue.toFixed(2)})`);
    // A reader finds every object where the cross-reference table says it is.
    const xrefAt = Number(/startxref\n(\d+)/.exec(text)![1]);
    expect(text.slice(xrefAt, xrefAt + 4)).toBe("xref");
    const offsets = [...text.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((match) => Number(match[1]));
    expect(offsets.length).toBeGreaterThan(3);
    offsets.forEach((offset, index) => expect(text.startsWith(`${index + 1} 0 obj\n`, offset)).toBe(true));
    expect((await get(`/Invoices/${unpaid.InvoiceID}`)).body.Invoices[0].InvoiceID).toBe(unpaid.InvoiceID);
    expect((await api(sandbox, token, `/Invoices/${unpaid.InvoiceID}/pdf`, { headers: { Accept: "application/pdf" } })).status).toBe(404);
  });

  it("History records a note and lists it, and rejects an empty note with a ValidationException", async () => {
    const invoice = (await get("/Invoices?Statuses=AUTHORISED&page=1&pageSize=1")).body.Invoices[0];
    const put = await api(sandbox, token, `/Invoices/${invoice.InvoiceID}/History`, { method: "PUT", body: { HistoryRecords: [{ Details: "Payment reminder sent by Solido" }] } });
    expect(put.status).toBe(200);
    const history = await get(`/Invoices/${invoice.InvoiceID}/History`);
    expect(history.body.HistoryRecords.map((record: { Details: string }) => record.Details)).toContain("Payment reminder sent by Solido");
    const empty = await api(sandbox, token, `/Invoices/${invoice.InvoiceID}/History`, { method: "PUT", body: { HistoryRecords: [{ Details: "" }] } });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ Type: "ValidationException", Elements: [{ ValidationErrors: [{ Message: expect.any(String) }] }] });
  });

  it("History writes a note once per Idempotency-Key and answers a retry with the first answer", async () => {
    const invoice = (await get("/Invoices?Statuses=AUTHORISED&page=1&pageSize=1")).body.Invoices[0];
    const put = (details: string, key?: string) =>
      api(sandbox, token, `/Invoices/${invoice.InvoiceID}/History`, { method: "PUT", headers: key ? { "Idempotency-Key": key } : {}, body: { HistoryRecords: [{ Details: details }] } });
    const notes = async (details: string) =>
      (await get(`/Invoices/${invoice.InvoiceID}/History`)).body.HistoryRecords.filter((record: { Details: string }) => record.Details === details).length;

    const first = await put("Reminder noted once", "solido-reminder-retried");
    const [retry, concurrent] = await Promise.all([put("Reminder noted once", "solido-reminder-retried"), put("Reminder noted once", "solido-reminder-retried")]);
    expect([first.status, retry.status, concurrent.status]).toEqual([200, 200, 200]);
    const answer = await first.json();
    expect(await retry.json()).toEqual(answer);
    expect(await concurrent.json()).toEqual(answer);
    expect(await notes("Reminder noted once")).toBe(1);

    // Another key, or none, is another write.
    expect((await put("Reminder noted once", "solido-reminder-another")).status).toBe(200);
    expect((await put("Reminder noted once")).status).toBe(200);
    expect(await notes("Reminder noted once")).toBe(3);

    // A write that failed did nothing, so its key is free for the retry.
    expect((await put("", "solido-reminder-empty-first")).status).toBe(400);
    expect((await put("Written on the retry", "solido-reminder-empty-first")).status).toBe(200);
    expect(await notes("Written on the retry")).toBe(1);

    const tooLong = await put("Too long a key", "k".repeat(129));
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({ Type: "ValidationException" });
    expect(await notes("Too long a key")).toBe(0);
  });
});
