// The Xero side of the journeys: clicking through the sandbox's own login and
// consent pages as a demo user, and asking its control API what Xero now
// holds (connections, the calls Solido made). One sandbox serves the whole
// run, so each journey file works only with its own demo users and
// organisations, and starts by clearing what an earlier attempt left behind.
import { desc, eq, inArray, or } from "drizzle-orm";
import { expect, type Page } from "@playwright/test";
import { memberships, syncRuns, users, workspaces } from "~db/schema";
import type { Database } from "./session";

export type DemoUser = { email: string; name: string };

/** The sandbox's demo users (sandbox/demo-data.ts) and their organisations. */
export const DANA: DemoUser = { email: "demo@solido.test", name: "Dana Demo" }; // Harbour Coffee Roasters + Kiwi Plumbing Ltd
export const SAM: DemoUser = { email: "sam@solido.test", name: "Sam Sharer" }; // Harbour Coffee Roasters
export const SOLO: DemoUser = { email: "solo@solido.test", name: "Sol Solo" }; // Solo Studio

export const HARBOUR = "Harbour Coffee Roasters";
export const KIWI = "Kiwi Plumbing Ltd";
export const SOLO_STUDIO = "Solo Studio";

type SandboxState = {
  users: { id: string; email: string; organisationIds: string[] }[];
  organisations: { tenantId: string; name: string }[];
  connections: { id: string; userId: string; tenantId: string; authEventId: string }[];
};

export type SandboxCall = { method: string; path: string; status: number; tenantId: string | null };

function sandboxUrl(path: string) {
  const base = process.env.XERO_IDENTITY_URL;
  if (!base) throw new Error("XERO_IDENTITY_URL is not set: the e2e global setup publishes the sandbox's address when the stack starts.");
  return new URL(`/__sandbox${path}`, base).toString();
}

async function control<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(sandboxUrl(path), { ...init, headers: { "content-type": "application/json", ...init?.headers } });
  if (!response.ok) throw new Error(`Sandbox ${init?.method ?? "GET"} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export const sandboxState = () => control<SandboxState>("/state");

/**
 * A Xero user of the journey's own, holding one new organisation with the
 * given customers' invoices: a journey that needs a connected organisation
 * without sharing the demo users with the journeys that sign them up.
 */
export async function xeroUserWithOrganisation(user: DemoUser, organisationName: string) {
  const [givenName, ...rest] = user.name.split(" ");
  await control("/users", { method: "POST", body: JSON.stringify({ email: user.email, givenName, familyName: rest.join(" ") }) });
  const { tenantId } = await control<{ tenantId: string }>("/organisations/large", {
    method: "POST",
    body: JSON.stringify({ name: organisationName, contacts: 1, invoices: 0, seed: 7, userEmails: [user.email] }),
  });
  /** A customer in the organisation's contacts; without an email address when none is given, as many are in Xero. */
  const customer = async (contact: { name: string; emailAddress?: string }) =>
    (await control<{ ContactID: string }>(`/organisations/${tenantId}/contacts`, { method: "POST", body: JSON.stringify({ isCustomer: true, ...contact }) })).ContactID;
  /** An approved invoice to one of the organisation's customers, dated on its due date unless told otherwise. */
  const invoiceFor = async (contactId: string, invoice: { dueDate: string; amount: string; number?: string; date?: string; currencyCode?: string }) => {
    const created = await control<{ InvoiceID: string; InvoiceNumber: string }>(`/organisations/${tenantId}/invoices`, {
      method: "POST",
      body: JSON.stringify({ contactId, status: "AUTHORISED", date: invoice.dueDate, ...invoice }),
    });
    return { xeroInvoiceId: created.InvoiceID, number: created.InvoiceNumber };
  };
  return {
    tenantId,
    customer,
    invoiceFor,
    /** A new customer with one invoice. */
    async invoice(contact: { name: string; emailAddress: string }, invoice: { dueDate: string; amount: string }) {
      return invoiceFor(await customer(contact), invoice);
    },
    /** A contact group (Xero's Contacts → Groups) holding these contacts. */
    async contactGroup(name: string, xeroContactIds: string[]) {
      const group = await control<{ ContactGroupID: string }>(`/organisations/${tenantId}/contact-groups`, { method: "POST", body: JSON.stringify({ name }) });
      for (const contactId of xeroContactIds) await control(`/organisations/${tenantId}/contact-groups/${group.ContactGroupID}/contacts/${contactId}`, { method: "PUT" });
      return group.ContactGroupID;
    },
    /** A sales credit note for the customer, left unallocated; `amount` is before tax, as for invoices. */
    async creditNote(xeroContactId: string, amount: string) {
      const created = await control<{ RemainingCredit: number }>(`/organisations/${tenantId}/credit-notes`, { method: "POST", body: JSON.stringify({ contactId: xeroContactId, amount }) });
      return { remainingCredit: created.RemainingCredit };
    },
  };
}

export async function tenantIdOf(organisationName: string) {
  const organisation = (await sandboxState()).organisations.find((candidate) => candidate.name === organisationName);
  if (!organisation) throw new Error(`The sandbox has no organisation named ${organisationName}`);
  return organisation.tenantId;
}

/** The organisations Solido holds a connection to at Xero on behalf of this user, by name, with Xero's connection ids. */
export async function connectionsAtXero(user: DemoUser) {
  const state = await sandboxState();
  const xeroUser = state.users.find((candidate) => candidate.email === user.email)!;
  const names = new Map(state.organisations.map((organisation) => [organisation.tenantId, organisation.name]));
  return state.connections
    .filter((connection) => connection.userId === xeroUser.id)
    .map((connection) => ({ id: connection.id, organisation: names.get(connection.tenantId)!, authEventId: connection.authEventId }))
    .sort((a, b) => a.organisation.localeCompare(b.organisation));
}

export const sandboxCalls = async (pathPrefix: string) => (await control<{ calls: SandboxCall[] }>(`/calls?pathPrefix=${encodeURIComponent(pathPrefix)}`)).calls;

/** At Xero's login page: the demo user's own button. */
export async function logInAtXero(page: Page, user: DemoUser) {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Log in to Xero");
  await page.getByRole("button", { name: `Sign in as ${user.name} (${user.email})` }).click();
}

/** At Xero's consent page: tick these organisations (the first is ticked already), then Allow access. */
export async function allowAccessAtXero(page: Page, options: { alsoTick?: string[] } = {}) {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/wants to access your Xero data/);
  for (const organisation of options.alsoTick ?? []) await page.getByRole("checkbox", { name: organisation }).check();
  await page.getByRole("button", { name: "Allow access" }).click();
}

/**
 * Forgets these demo users everywhere, so a journey starts as a first visit
 * even when Playwright retries it: their connections at Xero, and in Solido
 * their accounts and every workspace they belong to or that holds one of
 * their organisations (cascading to connections, sync runs, invoices).
 */
export async function forgetDemoUsers(database: Database, demoUsers: DemoUser[]) {
  const state = await sandboxState();
  const xeroUsers = state.users.filter((candidate) => demoUsers.some((user) => user.email === candidate.email));
  for (const xeroUser of xeroUsers) {
    await control("/connections/revoke", { method: "POST", body: JSON.stringify({ email: xeroUser.email }) });
  }
  const tenantIds = xeroUsers.flatMap((xeroUser) => xeroUser.organisationIds);
  const known = await database.select({ id: users.id }).from(users).where(inArray(users.xeroUserId, xeroUsers.map((xeroUser) => xeroUser.id)));
  const userIds = known.map((user) => user.id);
  const memberOf = userIds.length
    ? database.select({ id: memberships.workspaceId }).from(memberships).where(inArray(memberships.userId, userIds))
    : undefined;
  await database
    .delete(workspaces)
    .where(memberOf ? or(inArray(workspaces.xeroTenantId, tenantIds), inArray(workspaces.id, memberOf)) : inArray(workspaces.xeroTenantId, tenantIds));
  if (userIds.length) await database.delete(users).where(inArray(users.id, userIds));
}

/** The Solido account a demo user's Xero sign-in created. */
export async function solidoUserOf(database: Database, user: DemoUser) {
  const xeroUser = (await sandboxState()).users.find((candidate) => candidate.email === user.email)!;
  const [found] = await database.select().from(users).where(eq(users.xeroUserId, xeroUser.id));
  if (!found) throw new Error(`${user.email} has not signed in to Solido yet`);
  return found;
}

/** The Solido workspace bound to one of the sandbox's organisations. */
export async function workspaceHolding(database: Database, organisationName: string) {
  const tenantId = await tenantIdOf(organisationName);
  const [workspace] = await database.select().from(workspaces).where(eq(workspaces.xeroTenantId, tenantId));
  if (!workspace) throw new Error(`No Solido workspace holds ${organisationName}`);
  return workspace;
}

/**
 * Makes Xero answer this organisation's next contacts and invoices reads
 * slowly, so the sync that follows a connect is still running when the
 * dashboard first shows: its progress is then what the page must show,
 * however fast the sync engine becomes.
 */
export async function slowNextSyncAtXero(organisationName: string, delayMs = 4_000) {
  const tenantId = await tenantIdOf(organisationName);
  for (const pathPrefix of ["/api.xro/2.0/Contacts", "/api.xro/2.0/Invoices"]) {
    await control("/faults", { method: "POST", body: JSON.stringify({ kind: "slow", count: 1, tenantId, pathPrefix, delayMs }) });
  }
}

type XeroInvoiceSummary = { Type: string; Status: string; AmountDue: number; CurrencyCode: string; DueDateString?: string };

/**
 * What the organisation's own books at Xero say is owed: its sales invoices
 * that are approved with something left to pay, summed per currency in cents,
 * and the part of that due before `today` (the organisation's calendar day).
 * Read from the sandbox, never from Solido's database.
 */
export async function unpaidAtXero(organisationName: string, today: string) {
  const tenantId = await tenantIdOf(organisationName);
  const { Invoices } = await control<{ Invoices: XeroInvoiceSummary[] }>(`/organisations/${tenantId}/invoices`);
  const byCurrency = new Map<string, { outstandingCents: number; overdueCents: number; count: number }>();
  for (const invoice of Invoices) {
    if (invoice.Type !== "ACCREC" || invoice.Status !== "AUTHORISED" || !(invoice.AmountDue > 0)) continue;
    const totals = byCurrency.get(invoice.CurrencyCode) ?? { outstandingCents: 0, overdueCents: 0, count: 0 };
    const cents = Math.round(invoice.AmountDue * 100);
    totals.outstandingCents += cents;
    totals.count += 1;
    if (invoice.DueDateString && invoice.DueDateString.slice(0, 10) < today) totals.overdueCents += cents;
    byCurrency.set(invoice.CurrencyCode, totals);
  }
  return byCurrency;
}

/** Waits for the workspace's first sync to succeed: invoices, then their customers and addresses, then credit. */
export async function firstSyncDone(database: Database, workspaceId: string) {
  const latest = async () =>
    (await database.select({ status: syncRuns.status }).from(syncRuns).where(eq(syncRuns.workspaceId, workspaceId)).orderBy(desc(syncRuns.queuedAt)).limit(1))[0]?.status;
  await expect.poll(latest, { timeout: 90_000, message: "the first sync" }).toBe("succeeded");
}
