// Contract tests: every response Solido relies on, errors included, validates against Xero's own
// OpenAPI documents (../shared/xero-openapi) with a real validator, openapi-response-validator
// for the Accounting and Identity APIs and Ajv (draft 2020-12) for the OpenAPI 3.1 webhook payload.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import OpenAPIResponseValidator from "openapi-response-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { RunningSandbox } from "../server";
import { HARBOUR, api, connect, control, startTestSandbox } from "./support";

type Spec = { paths: Record<string, any>; components: any; webhooks?: any };
// The specs sit beside the repository (/work/shared next to /work/main); a worktree elsewhere names them with XERO_OPENAPI_DIR.
const specDirectory = process.env.XERO_OPENAPI_DIR ? `${process.env.XERO_OPENAPI_DIR.replace(/\/$/, "")}/` : fileURLToPath(new URL("../../../shared/xero-openapi/", import.meta.url));
const loadSpec = (file: string): Spec => withoutDefaults(parse(readFileSync(`${specDirectory}${file}`, "utf8")));

/**
 * openapi-response-validator runs Ajv with useDefaults, which writes a schema's defaults into the
 * body under test. Xero's spec gives boolean fields string defaults (HasAttachments: "false"), so
 * every absent flag would be filled with a string and then fail as "must be boolean". Defaults say
 * what a missing field means, not what a response must contain, so they are dropped here.
 */
function withoutDefaults<T>(node: T): T {
  if (Array.isArray(node)) return node.map(withoutDefaults) as T;
  if (node && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).filter(([key]) => key !== "default").map(([key, value]) => [key, withoutDefaults(value)])) as T;
  }
  return node;
}
const accounting = loadSpec("xero_accounting.yaml");
const identity = loadSpec("xero-identity.yaml");
const webhooks = loadSpec("xero-webhooks.yaml");

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Xero's own payloads carry date-times without a zone ("2019-12-07T18:46:19.5165400"), so the
// zone is optional here; everything else about the format is checked.
const XERO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const customFormats = { uuid: (value: string) => UUID.test(value), "date-time": (value: string) => XERO_DATE_TIME.test(value) };

function resolve(spec: Spec, node: any): any {
  if (!node?.$ref) return node;
  const path = (node.$ref as string).replace(/^#\//, "").split("/");
  return resolve(spec, path.reduce((at, key) => at[key], spec as any));
}

/** The documented responses of one operation, in the validator's shape. */
function documentedResponses(spec: Spec, path: string, method: string): Record<string, { schema: any }> {
  const operation = spec.paths[path]?.[method];
  if (!operation) throw new Error(`${method.toUpperCase()} ${path} is not in the spec`);
  const responses: Record<string, { schema: any }> = {};
  for (const [status, raw] of Object.entries(operation.responses)) {
    const schema = resolve(spec, raw)?.content?.["application/json"]?.schema;
    if (schema) responses[status] = { schema };
  }
  return responses;
}

function expectValid(spec: Spec, responses: Record<string, { schema: any }>, status: number, body: unknown): void {
  const validator = new OpenAPIResponseValidator({ responses, components: spec.components, customFormats });
  const result = validator.validateResponse(String(status), body);
  expect(result, JSON.stringify(result?.errors?.slice(0, 5), null, 1)).toBeUndefined();
}

/** An Accounting API error body against Xero's Error schema (GET operations document only 200). */
const errorResponses = { "400": { schema: { $ref: "#/components/schemas/Error" } } };

let sandbox: RunningSandbox;
let token: string;
let invoiceId: string;
let groupId: string;
let memberId: string;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  ({ accessToken: token } = await connect(sandbox));
  invoiceId = (await (await api(sandbox, token, "/Invoices?Statuses=AUTHORISED&page=1&pageSize=1")).json()).Invoices[0].InvoiceID;
  // A contact group with a member, so contacts list their ContactGroups and a group its Contacts.
  const book = sandbox.store.book(HARBOUR.id)!;
  memberId = [...book.contacts.keys()][0];
  groupId = book.addContactGroup("Key accounts").id;
  book.addToContactGroup(groupId, memberId);
});
afterAll(() => sandbox.close());

const ACCOUNTING_CASES: Array<[string, string, () => string, string?]> = [
  ["/Organisation", "get", () => "/Organisation"],
  ["/Contacts", "get", () => "/Contacts?page=1&includeArchived=true"],
  ["/Contacts", "get", () => "/Contacts?page=1&summaryOnly=true"],
  ["/Contacts", "get", () => "/Contacts"],
  ["/Contacts", "get", () => "/Contacts?page=1&searchTerm=cafe"],
  ["/Contacts/{ContactID}", "get", () => `/Contacts/${memberId}`],
  ["/ContactGroups", "get", () => "/ContactGroups"],
  ["/ContactGroups/{ContactGroupID}", "get", () => `/ContactGroups/${groupId}`],
  ["/Invoices", "get", () => "/Invoices?page=1&pageSize=1000"],
  ["/Invoices", "get", () => "/Invoices"],
  ["/Invoices", "get", () => "/Invoices?page=1&summaryOnly=true&Statuses=AUTHORISED"],
  ["/Invoices/{InvoiceID}", "get", () => `/Invoices/${invoiceId}`],
  ["/Invoices/{InvoiceID}/OnlineInvoice", "get", () => `/Invoices/${invoiceId}/OnlineInvoice`],
  ["/Invoices/{InvoiceID}/History", "get", () => `/Invoices/${invoiceId}/History`],
  ["/Payments", "get", () => "/Payments?page=1"],
  ["/CreditNotes", "get", () => "/CreditNotes?page=1"],
  ["/Overpayments", "get", () => "/Overpayments?page=1"],
  ["/Overpayments", "get", () => "/Overpayments"],
  ["/Prepayments", "get", () => "/Prepayments?page=1"],
  // Invoices carrying applied overpayments and prepayments (and a zero-total one) in their arrays.
  ["/Invoices", "get", () => `/Invoices?page=1&pageSize=1000&Statuses=PAID`],
];

describe("Accounting API responses match xero_accounting.yaml", () => {
  it.each(ACCOUNTING_CASES)("%s (%s) %#", async (path, method, url) => {
    const response = await api(sandbox, token, url());
    expect(response.status).toBe(200);
    expectValid(accounting, documentedResponses(accounting, path, method), 200, await response.json());
  });

  it("PUT /Invoices/{InvoiceID}/History: 200 and its documented 400", async () => {
    const responses = documentedResponses(accounting, "/Invoices/{InvoiceID}/History", "put");
    const created = await api(sandbox, token, `/Invoices/${invoiceId}/History`, { method: "PUT", body: { HistoryRecords: [{ Details: "Payment reminder sent by Solido" }] } });
    expectValid(accounting, responses, created.status, await created.json());
    const refused = await api(sandbox, token, `/Invoices/${invoiceId}/History`, { method: "PUT", body: { HistoryRecords: [{ Details: "" }] } });
    expect(refused.status).toBe(400);
    expectValid(accounting, responses, 400, await refused.json());
  });

  it("400 for an unsupported where clause has Xero's Error shape", async () => {
    const response = await api(sandbox, token, `/Invoices?where=${encodeURIComponent('Colour=="red"')}`);
    expect(response.status).toBe(400);
    expectValid(accounting, errorResponses, 400, await response.json());
  });

  it("400s for a non-optimised contact filter and for an id that is not a GUID have Xero's Error shape", async () => {
    for (const path of [`/Contacts?page=1&where=${encodeURIComponent("IsCustomer==true")}`, "/Invoices?IDs=not-a-guid"]) {
      const response = await api(sandbox, token, path);
      expect(response.status).toBe(400);
      expectValid(accounting, errorResponses, 400, await response.json());
    }
  });

  it("400 for an invalid If-Modified-Since has Xero's Error shape", async () => {
    const response = await api(sandbox, token, "/Invoices", { headers: { "If-Modified-Since": "yesterday-ish" } });
    expect(response.status).toBe(400);
    expectValid(accounting, errorResponses, 400, await response.json());
  });
});

describe("Identity API responses match xero-identity.yaml", () => {
  it("GET /connections", async () => {
    const response = await fetch(`${sandbox.url}/connections`, { headers: { Authorization: `Bearer ${token}` } });
    const body = await response.json();
    expect(body.length).toBeGreaterThan(0);
    expectValid(identity, documentedResponses(identity, "/Connections", "get"), 200, body);
  });

  it("DELETE /connections/{id}: 204, then 404", async () => {
    const { accessToken } = await connect(sandbox, { email: "sam@solido.test" });
    const [connection] = await (await fetch(`${sandbox.url}/connections`, { headers: { Authorization: `Bearer ${accessToken}` } })).json();
    const documented = Object.keys(identity.paths["/Connections/{id}"].delete.responses);
    const first = await fetch(`${sandbox.url}/connections/${connection.id}`, { method: "DELETE", headers: { Authorization: `Bearer ${accessToken}` } });
    const second = await fetch(`${sandbox.url}/connections/${connection.id}`, { method: "DELETE", headers: { Authorization: `Bearer ${accessToken}` } });
    expect([String(first.status), String(second.status)]).toEqual(["204", "404"]);
    expect(documented).toEqual(expect.arrayContaining(["204", "404"]));
  });

  it("token responses match the AccessToken schema", async () => {
    const { callback, codeVerifier } = await (await import("./support")).authorize(sandbox);
    const response = await fetch(`${sandbox.url}/connect/token`, {
      method: "POST",
      headers: { Authorization: `Basic ${Buffer.from("solido-test:solido-test-secret").toString("base64")}` },
      body: new URLSearchParams({ grant_type: "authorization_code", code: callback.searchParams.get("code")!, redirect_uri: callback.origin + callback.pathname, code_verifier: codeVerifier }),
    });
    expectValid(identity, { "200": { schema: { $ref: "#/components/schemas/AccessToken" } } }, response.status, await response.json());
  });
});

describe("webhook payloads match xero-webhooks.yaml", () => {
  let receiver: Server;
  const bodies: string[] = [];
  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        bodies.push(Buffer.concat(chunks).toString("utf8"));
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((done) => receiver.listen(0, "127.0.0.1", done));
  });
  afterAll(() => new Promise((done) => receiver.close(done)));

  it("an invoice and contact batch validates against WebhookEvent", async () => {
    const hooked = await startTestSandbox({ webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`, webhookBatchMs: 10_000 });
    try {
      await connect(hooked, { organisations: [HARBOUR.name] });
      const contact = await control(hooked, `/organisations/${HARBOUR.id}/contacts`, { name: "Contract Café" });
      await control(hooked, `/organisations/${HARBOUR.id}/invoices`, { contactId: contact.ContactID, amount: 12 });
      await control(hooked, "/webhooks/flush", {});
    } finally {
      await hooked.close();
    }
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addFormat("date-time", XERO_DATE_TIME);
    ajv.addSchema({ $id: "webhooks", components: webhooks.components });
    const validate = ajv.compile({ $ref: "webhooks#/components/schemas/WebhookEvent" });
    const payload = JSON.parse(bodies[0]);
    expect(payload.events).toHaveLength(2);
    expect(validate(payload), JSON.stringify(validate.errors)).toBe(true);
  });
});
