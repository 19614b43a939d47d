// Queries Xero refuses rather than runs: non-optimised contact filters, inefficient invoice queries
// on high-volume organisations, URLs longer than Xero's gateway takes, ids that are not GUIDs.
// The sources are cited where each rule lives (sandbox/high-volume.ts, sandbox/api-gateway.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { RunningSandbox } from "../server";
import { HARBOUR, api, connect, startTestSandbox } from "./support";

let sandbox: RunningSandbox;
let token: string;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  ({ accessToken: token } = await connect(sandbox));
});
afterAll(() => sandbox.close());

const get = async (path: string, on: RunningSandbox = sandbox, accessToken = token) => {
  const response = await api(on, accessToken, path);
  return { status: response.status, body: await response.json() };
};
const where = (clause: string) => `where=${encodeURIComponent(clause)}`;

describe("Contacts accept only Xero's optimised where filters", () => {
  // Issue 16 / HighVolumeFilterUnavailableApiException (ErrorNumber 9191919): Xero refuses
  // IsCustomer==true even on organisations of ~130 contacts, so the sandbox refuses it at any size.
  it.each(["IsCustomer==true", 'ContactStatus=="ACTIVE"', "IsSupplier==false", 'Name=="Bean There Cafe" AND IsCustomer==true', "UpdatedDateUTC>=DateTime(2024,01,01)"])(
    "refuses %s with Xero's 400 HighVolumeFilterUnavailableApiException",
    async (clause) => {
      const { status, body } = await get(`/Contacts?page=1&${where(clause)}`);
      expect(status).toBe(400);
      expect(body).toEqual({
        ErrorNumber: 9191919,
        Type: "HighVolumeFilterUnavailableApiException",
        Message: "Due to the high number of contacts being processed, this filter cannot be used",
      });
    },
  );

  it("runs filters on Name, EmailAddress, AccountNumber and ContactID (CData's transcription of Xero's optimised list)", async () => {
    const { body: all } = await get("/Contacts?page=1");
    const contact = all.Contacts.find((candidate: { EmailAddress: string }) => candidate.EmailAddress !== "");
    for (const clause of [`Name==${JSON.stringify(contact.Name)}`, `EmailAddress==${JSON.stringify(contact.EmailAddress)}`, `ContactID==Guid("${contact.ContactID}")`]) {
      const { status, body } = await get(`/Contacts?page=1&${where(clause)}`);
      expect(status, clause).toBe(200);
      expect(body.Contacts.map((found: { ContactID: string }) => found.ContactID)).toEqual([contact.ContactID]);
    }
    expect((await get(`/Contacts?${where('AccountNumber=="no-such-account"')}`)).body.Contacts).toEqual([]);
  });

  it("accepts IsCustomer==true only when the contact-where-filters leniency is asked for", async () => {
    const lenient = await startTestSandbox({ leniencies: ["contact-where-filters"] });
    try {
      const { accessToken } = await connect(lenient);
      const { status, body } = await get(`/Contacts?page=1&${where("IsCustomer==true")}`, lenient, accessToken);
      expect(status).toBe(200);
      expect(body.Contacts.length).toBeGreaterThan(0);
    } finally {
      await lenient.close();
    }
  });
});

describe("Invoices on a high-volume organisation", () => {
  // Xero's threshold is 500,000 invoices; the test lowers it so the demo organisation counts as high volume.
  let busy: RunningSandbox;
  let busyToken: string;
  beforeAll(async () => {
    busy = await startTestSandbox({ invoiceHighVolumeThreshold: 10 });
    ({ accessToken: busyToken } = await connect(busy));
  });
  afterAll(() => busy.close());

  const refusal = {
    ErrorNumber: 51,
    Type: "HighVolumeException",
    Message: expect.stringContaining("Your request is not filtering Invoices efficiently, given the extremely high volume for this organisation."),
  };

  it("refuses an unpaged list, a non-optimised where field and a non-optimised order with HighVolumeException", async () => {
    for (const path of [
      "/Invoices",
      `/Invoices?page=1&${where('Type=="ACCREC" AND UpdatedDateUTC>=DateTime(2024,01,01)')}`,
      `/Invoices?page=1&${where('InvoiceNumber=="INV-0001"')}`,
      "/Invoices?page=1&order=InvoiceNumber%20DESC",
    ]) {
      const { status, body } = await get(path, busy, busyToken);
      expect(status, path).toBe(400);
      expect(body, path).toEqual(refusal);
    }
  });

  it("runs paged queries on optimised fields and orders", async () => {
    const { status, body } = await get(`/Invoices?page=1&${where('Type=="ACCREC" AND Status=="AUTHORISED" AND DueDate<DateTime(2100,01,01)')}&order=UpdatedDateUTC%20DESC`, busy, busyToken);
    expect(status).toBe(200);
    expect(body.Invoices.length).toBeGreaterThan(0);
  });

  it("leaves an organisation under the threshold free to filter as it likes", async () => {
    expect((await get(`/Invoices?${where("UpdatedDateUTC>=DateTime(2000,01,01)")}`)).status).toBe(200);
  });
});

describe("IDs lists", () => {
  const ids = (count: number) => Array.from({ length: count }, () => randomUUID());

  it("answers 52 ids and refuses 53 (as xero-node sends them, commas encoded) with Xero's 404", async () => {
    // xero-node#404: "When we supply 52 ids we get a response. When we supply 53 then there is a 404".
    const list = (count: number) => ids(count).join("%2C");
    expect((await get(`/Contacts?IDs=${list(52)}`)).status).toBe(200);
    const refused = await get(`/Contacts?IDs=${list(53)}`);
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({ Status: 404, Detail: "The resource you're looking for cannot be found" });
    expect((await get(`/Invoices?IDs=${list(53)}`)).status).toBe(404);
  });

  it("takes the 50 ids Solido sends per call, with its where clause and summaryOnly", async () => {
    const { status } = await get(`/Invoices?${where('Type=="ACCREC"')}&IDs=${ids(50).join("%2C")}&summaryOnly=true`);
    expect(status).toBe(200);
  });

  it("refuses an id that is not a GUID with a 400 instead of matching nothing", async () => {
    for (const path of [`/Contacts?IDs=${HARBOUR.id},not-a-guid`, "/Invoices?IDs=12345", "/Invoices?ContactIDs=INV-0001"]) {
      const { status, body } = await get(path);
      expect(status, path).toBe(400);
      expect(body).toEqual({ ErrorNumber: 14, Type: "PostDataInvalidException", Message: "Unrecognized Guid format." });
    }
  });
});
