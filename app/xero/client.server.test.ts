// The client factory drives real xero-node 20 end to end against a running Xero sandbox: the same
// code path Solido uses against real Xero, with only the hosts changed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { XeroClient } from "xero-node";
import type { RunningSandbox } from "~sandbox/server";
import { CLIENT_ID, CLIENT_SECRET, HARBOUR, KIWI, REDIRECT_URI, SCOPES, authorize, control, startTestSandbox } from "~sandbox/tests/support";
import { XERO_API_URL, XERO_IDENTITY_URL, createXeroClient } from "./client.server";

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
// openid-client checks id_token times against the wall clock, so a test that moved the sandbox's
// clock forward must put it back.
afterEach(() => sandbox.clock.resetOffset());

function clientFor(state?: string): XeroClient {
  return createXeroClient({
    identityUrl: sandbox.url,
    apiUrl: sandbox.url,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: [REDIRECT_URI],
    scopes: SCOPES,
    state,
  });
}

/** Sign in through the consent pages, then let xero-node (openid-client) handle the callback. */
async function connectedClient(): Promise<XeroClient> {
  const client = clientFor();
  await client.initialize();
  // xero-node's own consent URL carries no PKCE; the sandbox accepts that for confidential clients, as Xero does.
  const consentUrl = new URL(await client.buildConsentUrl());
  expect(consentUrl.origin).toBe(sandbox.url);
  const { callback } = await authorize(sandbox, { pkce: false, organisations: [HARBOUR.name, KIWI.name] });
  const stateful = clientFor(callback.searchParams.get("state")!);
  await stateful.initialize();
  await stateful.apiCallback(callback.toString());
  return stateful;
}

describe("createXeroClient", () => {
  it("defaults to Xero's real hosts", () => {
    const client = createXeroClient({ clientId: "id", clientSecret: "secret" });
    expect(XERO_IDENTITY_URL).toBe("https://identity.xero.com");
    expect(client.accountingApi.basePath).toBe(`${XERO_API_URL}/api.xro/2.0`);
  });

  it("completes authorize → token → connections → paged invoices → refresh with rotation → revoke", async () => {
    const client = await connectedClient();
    const tokenSet = client.readTokenSet();
    expect(tokenSet.claims().xero_userid).toBe("2b8f4c1e-6a3d-4e9b-8f70-1c2d3e4f5a01");

    const tenants = await client.updateTenants(false);
    expect(tenants.map((tenant) => tenant.tenantName).sort()).toEqual([HARBOUR.name, KIWI.name]);
    const withOrgData = await client.updateTenants(true);
    expect(withOrgData.find((tenant) => tenant.tenantId === HARBOUR.id).orgData.name).toBe(HARBOUR.name);

    const { body: organisations } = await client.accountingApi.getOrganisations(HARBOUR.id);
    expect(organisations.organisations?.[0]).toMatchObject({ name: HARBOUR.name, baseCurrency: "NZD", timezone: "NEWZEALANDSTANDARDTIME" });

    // A full sync, page by page, as Solido does.
    const since = new Date(sandbox.clock.now() - 1);
    const synced = [];
    for (let page = 1; ; page++) {
      const { body } = await client.accountingApi.getInvoices(HARBOUR.id, undefined, 'Type=="ACCREC"', undefined, undefined, undefined, undefined, ["AUTHORISED", "PAID"], page, undefined, undefined, undefined, true, 50);
      synced.push(...(body.invoices ?? []));
      expect(body.pagination?.pageSize).toBe(50);
      if (page >= (body.pagination?.pageCount ?? 0)) break;
    }
    expect(synced.length).toBeGreaterThan(100);
    expect(synced.every((invoice) => invoice.updatedDateUTC instanceof Date && !Number.isNaN(invoice.updatedDateUTC.getTime()))).toBe(true);

    // Incremental: only what changed after `since` comes back.
    const unpaid = synced.find((invoice) => String(invoice.status) === "AUTHORISED")!;
    await control(sandbox, `/organisations/${HARBOUR.id}/invoices/${unpaid.invoiceID}/payments`, { amount: 1 });
    const { body: changed } = await client.accountingApi.getInvoices(HARBOUR.id, since, undefined, undefined, undefined, undefined, undefined, undefined, 1);
    expect(changed.invoices?.map((invoice) => invoice.invoiceID)).toEqual([unpaid.invoiceID]);
    expect(changed.invoices?.[0].amountPaid).toBe(1);

    const { body: byIds } = await client.accountingApi.getInvoices(HARBOUR.id, undefined, undefined, undefined, [unpaid.invoiceID!]);
    expect(byIds.invoices).toHaveLength(1);
    const { body: contacts } = await client.accountingApi.getContacts(HARBOUR.id, undefined, undefined, undefined, undefined, 1, false, true, undefined, 100);
    expect(contacts.contacts!.length).toBeGreaterThan(30);
    const { body: online } = await client.accountingApi.getOnlineInvoice(HARBOUR.id, unpaid.invoiceID!);
    expect(online.onlineInvoices?.[0].onlineInvoiceUrl).toMatch(/^http/);
    const { body: history } = await client.accountingApi.createInvoiceHistory(HARBOUR.id, unpaid.invoiceID!, { historyRecords: [{ details: "Payment reminder sent by Solido" }] });
    expect(history.historyRecords?.[0].details).toBe("Payment reminder sent by Solido");

    // Refresh rotates; the previous refresh token works within the grace period only.
    const previous = tokenSet.refresh_token!;
    const refreshed = await client.refreshWithRefreshToken(CLIENT_ID, CLIENT_SECRET, previous);
    expect(refreshed.refresh_token).not.toBe(previous);
    await expect(clientFor().refreshWithRefreshToken(CLIENT_ID, CLIENT_SECRET, previous)).resolves.toBeTruthy();
    sandbox.clock.advance(31 * 60_000);
    await expect(clientFor().refreshWithRefreshToken(CLIENT_ID, CLIENT_SECRET, previous)).rejects.toMatchObject({ response: { status: 400, data: { error: "invalid_grant" } } });
    const again = await client.refreshWithRefreshToken(CLIENT_ID, CLIENT_SECRET, refreshed.refresh_token!);
    expect(again.access_token).toBeTruthy();

    // Disconnect one tenant, then revoke everything.
    const kiwi = (await client.updateTenants(false)).find((tenant) => tenant.tenantId === KIWI.id);
    await client.disconnect(kiwi.id);
    expect((await client.updateTenants(false)).map((tenant) => tenant.tenantId)).toEqual([HARBOUR.id]);
    await client.revokeToken();
    expect(client.tenants).toEqual([]);
    await expect(clientFor().refreshWithRefreshToken(CLIENT_ID, CLIENT_SECRET, again.refresh_token!)).rejects.toMatchObject({ response: { status: 400 } });
  });

  it("surfaces a wrong client secret as Xero's invalid_client", async () => {
    const client = createXeroClient({ identityUrl: sandbox.url, apiUrl: sandbox.url, clientId: CLIENT_ID, clientSecret: "wrong" });
    await expect(client.refreshWithRefreshToken(CLIENT_ID, "wrong", "anything")).rejects.toMatchObject({ response: { status: 400, data: { error: "invalid_client" } } });
  });

  it("rejects getInvoices with a where clause the API cannot parse", async () => {
    const client = await connectedClient();
    const failure = await client.accountingApi.getInvoices(HARBOUR.id, undefined, "Foo==1").catch((error: string) => JSON.parse(error));
    expect(failure.response.statusCode).toBe(400);
    expect(failure.body).toMatchObject({ Type: "QueryParseException" });
  });
});
