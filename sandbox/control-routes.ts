// The sandbox's own API under /__sandbox: what a Xero user would do in Xero's UI (invoice, pay,
// credit, void, archive, change an email), what Xero would do to the app (revoke, expire tokens,
// fail), and what tests need to observe (call log, webhook deliveries, clock). Never part of Xero.
import { Hono, type Context } from "hono";
import { z } from "zod";
import { ValidationError, type OrganisationBook } from "./books";
import type { CallLog } from "./call-log";
import type { Clock } from "./clock";
import type { FaultInjector } from "./faults";
import type { IdentityAuthority } from "./identity-authority";
import { escapeHtml } from "./identity-pages";
import type { RateLimiter } from "./rate-limits";
import type { SandboxStore } from "./store";
import type { WebhookDispatcher } from "./webhooks";
import { contactGroupJson, contactJson, creditNoteJson, invoiceJson, paymentCreditJson, paymentJson } from "./xero-json";

export interface ControlDependencies {
  store: SandboxStore;
  clock: Clock;
  authority: IdentityAuthority;
  faults: FaultInjector;
  callLog: CallLog;
  rateLimiter: RateLimiter;
  webhooks: WebhookDispatcher;
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const amount = z.union([z.number(), z.string()]);
const lineItems = z.array(z.object({ description: z.string(), quantity: z.number().optional(), unitAmount: amount, accountCode: z.string().optional() })).min(1);
const contactPerson = z.object({ firstName: z.string(), lastName: z.string(), emailAddress: z.string(), includeInEmails: z.boolean() });

const schemas = {
  contact: z.object({
    name: z.string(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    emailAddress: z.string().optional(),
    contactPersons: z.array(contactPerson).optional(),
    isCustomer: z.boolean().optional(),
    defaultCurrency: z.string().optional(),
  }),
  contactPatch: z.object({
    name: z.string().optional(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    emailAddress: z.string().optional(),
    contactPersons: z.array(contactPerson).optional(),
    phone: z.string().optional(),
  }),
  // `amount` is a shortcut for a single tax-exclusive line.
  invoice: z.object({
    contactId: z.string(),
    number: z.string().optional(),
    reference: z.string().optional(),
    date: isoDate.optional(),
    dueDate: isoDate.optional(),
    status: z.enum(["DRAFT", "SUBMITTED", "AUTHORISED"]).optional(),
    currencyCode: z.string().optional(),
    currencyRate: z.number().optional(),
    lineItems: lineItems.optional(),
    amount: amount.optional(),
    sentToContact: z.boolean().optional(),
  }),
  invoicePatch: z.object({
    dueDate: isoDate.optional(),
    reference: z.string().optional(),
    sentToContact: z.boolean().optional(),
    status: z.enum(["SUBMITTED", "AUTHORISED"]).optional(),
    lineItems: lineItems.optional(),
  }),
  get bulkEdit() {
    return z.object({
      invoices: z.array(schemas.invoicePatch.extend({ id: z.string() })).default([]),
      contacts: z.array(schemas.contactPatch.extend({ id: z.string() })).default([]),
    });
  },
  payment: z.object({ amount: amount.optional(), date: isoDate.optional(), reference: z.string().optional() }),
  creditNote: z.object({ contactId: z.string(), reference: z.string().optional(), date: isoDate.optional(), currencyCode: z.string().optional(), lineItems: lineItems.optional(), amount: amount.optional() }),
  paymentCredit: z.object({ contactId: z.string(), amount, reference: z.string().optional(), date: isoDate.optional(), currencyCode: z.string().optional() }),
  allocation: z.object({ invoiceId: z.string(), amount: amount.optional(), date: isoDate.optional() }),
  user: z.object({ email: z.email(), givenName: z.string().min(1), familyName: z.string().min(1) }),
  largeOrganisation: z.object({
    name: z.string().default("Large Org"),
    contacts: z.number().int().min(1).max(200_000),
    invoices: z.number().int().min(0).max(1_000_000),
    seed: z.number().int().default(1),
    userEmails: z.array(z.string()).default(["demo@solido.test"]),
  }),
  fault: z.object({
    kind: z.enum(["429", "500", "503", "slow", "timeout", "malformed"]),
    count: z.number().int().min(1).default(1),
    tenantId: z.string().optional(),
    pathPrefix: z.string().optional(),
    delayMs: z.number().int().min(0).optional(),
    retryAfterSeconds: z.number().int().min(0).optional(),
  }),
  revoke: z.object({ tenantId: z.string().optional(), connectionId: z.string().optional(), email: z.string().optional() }),
  expire: z.object({ refreshToken: z.string().optional(), email: z.string().optional() }),
  advance: z.object({ seconds: z.number() }),
};

const singleLine = (value: z.infer<typeof amount>) => [{ description: "Sales", unitAmount: value }];

export function controlRoutes(deps: ControlDependencies): Hono {
  const { store, clock, authority, faults, callLog, rateLimiter, webhooks } = deps;
  const control = new Hono();

  const body = async <T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> => schema.parse(await c.req.json().catch(() => ({})));
  const bookOf = (c: Context): OrganisationBook => {
    const book = store.book(c.req.param("tenantId")?.toLowerCase() ?? "");
    if (!book) throw new ValidationError(`No organisation ${c.req.param("tenantId")}`);
    return book;
  };
  const userByEmail = (email: string) => {
    const user = store.userByEmail(email);
    if (!user) throw new ValidationError(`No user ${email}`);
    return user;
  };

  control.onError((error, c) => {
    if (error instanceof ValidationError) return c.json({ error: error.message }, 400);
    if (error instanceof z.ZodError) return c.json({ error: "Invalid request body", issues: error.issues }, 400);
    throw error;
  });

  control.get("/state", (c) =>
    c.json({
      now: new Date(clock.now()).toISOString(),
      clockOffsetMs: clock.offset,
      users: [...store.users.values()],
      organisations: [...store.books.values()].map((book) => ({
        tenantId: book.tenantId,
        name: book.organisation.name,
        contacts: book.contacts.size,
        invoices: book.invoices.size,
      })),
      connections: [...store.connections.values()],
      webhook: { url: webhooks.url, enabled: webhooks.enabled },
    }),
  );

  control.post("/reset", async (c) => {
    await webhooks.flush();
    clock.resetOffset();
    store.reset();
    faults.clear();
    callLog.clear();
    rateLimiter.reset();
    return c.json({ ok: true });
  });

  control.post("/clock/advance", async (c) => {
    const { seconds } = await body(c, schemas.advance);
    clock.advance(seconds * 1000);
    return c.json({ now: new Date(clock.now()).toISOString(), clockOffsetMs: clock.offset });
  });

  // ── What a Xero user does in their organisation ──
  control.post("/organisations/:tenantId/contacts", async (c) => {
    const book = bookOf(c);
    return c.json(contactJson(book.addContact(await body(c, schemas.contact)), "full"), 201);
  });
  control.patch("/organisations/:tenantId/contacts/:contactId", async (c) => {
    const book = bookOf(c);
    return c.json(contactJson(book.updateContact(c.req.param("contactId"), await body(c, schemas.contactPatch)), "full"));
  });
  // Contact groups, as a Xero user keeps them (Contacts → Groups): a group, a contact joining or leaving it.
  control.post("/organisations/:tenantId/contact-groups", async (c) => {
    const book = bookOf(c);
    const { name } = await body(c, z.object({ name: z.string() }));
    return c.json(contactGroupJson(book.addContactGroup(name)), 201);
  });
  control.put("/organisations/:tenantId/contact-groups/:groupId/contacts/:contactId", (c) => {
    const book = bookOf(c);
    return c.json(contactGroupJson(book.addToContactGroup(c.req.param("groupId"), c.req.param("contactId"))));
  });
  control.delete("/organisations/:tenantId/contact-groups/:groupId/contacts/:contactId", (c) => {
    const book = bookOf(c);
    return c.json(contactGroupJson(book.removeFromContactGroup(c.req.param("groupId"), c.req.param("contactId"))));
  });
  control.delete("/organisations/:tenantId/contact-groups/:groupId", (c) => {
    const book = bookOf(c);
    return c.json(contactGroupJson(book.deleteContactGroup(c.req.param("groupId"))));
  });
  control.post("/organisations/:tenantId/contacts/:contactId/archive", (c) => {
    const book = bookOf(c);
    return c.json(contactJson(book.archiveContact(c.req.param("contactId")), "full"));
  });
  control.post("/organisations/:tenantId/invoices", async (c) => {
    const book = bookOf(c);
    const { amount: total, lineItems: lines, ...input } = await body(c, schemas.invoice);
    const items = lines ?? (total !== undefined ? singleLine(total) : undefined);
    if (!items) throw new ValidationError("Give lineItems or amount");
    return c.json(invoiceJson(book, book.addInvoice({ ...input, lineItems: items }), "full"), 201);
  });
  // What the organisation's own books say, for tests to check Solido's figures against (the Accounting
  // API's summary shape, every invoice, no paging or rate limit: this is the Xero user's view, not the app's).
  control.get("/organisations/:tenantId/invoices", (c) => {
    const book = bookOf(c);
    return c.json({ Invoices: [...book.invoices.values()].map((invoice) => invoiceJson(book, invoice, "summary")) });
  });
  // What the business would read in the invoice's History and Notes in Xero (e.g. the notes Solido added).
  control.get("/organisations/:tenantId/invoices/:invoiceId/history", (c) => {
    const invoice = bookOf(c).invoices.get(c.req.param("invoiceId"));
    if (!invoice) return c.json({ error: "No such invoice" }, 404);
    return c.json({ history: invoice.history.map((entry) => entry.details) });
  });
  control.patch("/organisations/:tenantId/invoices/:invoiceId", async (c) => {
    const book = bookOf(c);
    return c.json(invoiceJson(book, book.updateInvoice(c.req.param("invoiceId"), await body(c, schemas.invoicePatch)), "full"));
  });
  // A bulk edit in Xero (e.g. several invoices edited or contacts imported at once) stamps every
  // record it touches with the same UpdatedDateUTC; the app must not rely on an order among them.
  control.post("/organisations/:tenantId/bulk-edit", async (c) => {
    const book = bookOf(c);
    const edit = await body(c, schemas.bulkEdit);
    const at = book.now();
    const clockOfBook = book.now;
    book.now = () => at;
    try {
      const invoices = edit.invoices.map(({ id, ...patch }) => invoiceJson(book, book.updateInvoice(id, patch), "full"));
      const contacts = edit.contacts.map(({ id, ...patch }) => contactJson(book.updateContact(id, patch), "full"));
      return c.json({ invoices, contacts });
    } finally {
      book.now = clockOfBook;
    }
  });
  control.post("/organisations/:tenantId/invoices/:invoiceId/payments", async (c) => {
    const book = bookOf(c);
    return c.json(paymentJson(book, book.recordPayment(c.req.param("invoiceId"), await body(c, schemas.payment))), 201);
  });
  control.delete("/organisations/:tenantId/payments/:paymentId", (c) => {
    const book = bookOf(c);
    return c.json(paymentJson(book, book.deletePayment(c.req.param("paymentId"))));
  });
  control.post("/organisations/:tenantId/invoices/:invoiceId/void", (c) => {
    const book = bookOf(c);
    return c.json(invoiceJson(book, book.voidInvoice(c.req.param("invoiceId")), "full"));
  });
  control.post("/organisations/:tenantId/invoices/:invoiceId/delete", (c) => {
    const book = bookOf(c);
    return c.json(invoiceJson(book, book.deleteInvoice(c.req.param("invoiceId")), "full"));
  });
  control.post("/organisations/:tenantId/credit-notes", async (c) => {
    const book = bookOf(c);
    const { amount: total, lineItems: lines, ...input } = await body(c, schemas.creditNote);
    const items = lines ?? (total !== undefined ? singleLine(total) : undefined);
    if (!items) throw new ValidationError("Give lineItems or amount");
    return c.json(creditNoteJson(book, book.addCreditNote({ ...input, lineItems: items })), 201);
  });
  control.post("/organisations/:tenantId/credit-notes/:creditNoteId/allocations", async (c) => {
    const book = bookOf(c);
    const { invoiceId, ...input } = await body(c, schemas.allocation);
    book.allocateCreditNote(c.req.param("creditNoteId"), invoiceId, input);
    return c.json(creditNoteJson(book, book.creditNote(c.req.param("creditNoteId"))), 201);
  });
  // Overpayments and prepayments: received as money (Xero: a RECEIVE-OVERPAYMENT / RECEIVE-PREPAYMENT
  // bank transaction), then allocated to invoices of the same contact as credit notes are.
  for (const [path, kind] of [["overpayments", "OVERPAYMENT"], ["prepayments", "PREPAYMENT"]] as const) {
    control.post(`/organisations/:tenantId/${path}`, async (c) => {
      const book = bookOf(c);
      return c.json(paymentCreditJson(book, book.addPaymentCredit(kind, await body(c, schemas.paymentCredit))), 201);
    });
    control.post(`/organisations/:tenantId/${path}/:creditId/allocations`, async (c) => {
      const book = bookOf(c);
      const { invoiceId, ...input } = await body(c, schemas.allocation);
      book.allocatePaymentCredit(kind, c.req.param("creditId"), invoiceId, input);
      return c.json(paymentCreditJson(book, book.paymentCredit(c.req.param("creditId"), kind)), 201);
    });
  }
  // A Xero user of a test's own (no organisation until one is granted), so a journey need not share the demo users.
  control.post("/users", async (c) => {
    const spec = await body(c, schemas.user);
    const existing = store.userByEmail(spec.email);
    return c.json(existing ?? store.addUser(spec), existing ? 200 : 201);
  });
  control.post("/organisations/large", async (c) => {
    const spec = await body(c, schemas.largeOrganisation);
    const started = performance.now();
    const userIds = spec.userEmails.map((email) => userByEmail(email).id);
    const book = store.addLargeOrganisation({ name: spec.name, contacts: spec.contacts, invoices: spec.invoices, seed: spec.seed }, userIds);
    return c.json({ tenantId: book.tenantId, name: book.organisation.name, contacts: book.contacts.size, invoices: book.invoices.size, generatedInMs: Math.round(performance.now() - started) }, 201);
  });

  // ── What Xero does to the app ──
  control.post("/connections/revoke", async (c) => {
    const { tenantId, connectionId, email } = await body(c, schemas.revoke);
    const userId = email ? userByEmail(email).id : undefined;
    const removed = [...store.connections.values()].filter(
      (connection) => (!connectionId || connection.id === connectionId) && (!tenantId || connection.tenantId === tenantId) && (!userId || connection.userId === userId) && (connectionId || tenantId || userId),
    );
    for (const connection of removed) store.connections.delete(connection.id);
    store.markDirty();
    return c.json({ removed: removed.length });
  });
  control.post("/refresh-tokens/expire", async (c) => {
    const { refreshToken, email } = await body(c, schemas.expire);
    const expired = authority.expireRefreshTokens({ token: refreshToken, userId: email ? userByEmail(email).id : undefined });
    return c.json({ expired });
  });
  control.get("/faults", (c) => c.json(faults.list()));
  control.post("/faults", async (c) => c.json(faults.add(await body(c, schemas.fault)), 201));
  control.delete("/faults", (c) => {
    faults.clear();
    return c.json({ ok: true });
  });

  // ── What tests observe ──
  control.get("/calls", (c) => {
    const since = c.req.query("since");
    const calls = callLog.list({ since: since === undefined ? undefined : Number(since), tenantId: c.req.query("tenantId"), pathPrefix: c.req.query("pathPrefix") });
    return c.json({ calls, count: calls.length, bytes: calls.reduce((sum, call) => sum + call.bytes, 0) });
  });
  control.delete("/calls", (c) => {
    callLog.clear();
    return c.json({ ok: true });
  });
  control.get("/webhooks", (c) => c.json({ url: webhooks.url, enabled: webhooks.enabled, attempts: webhooks.attempts }));
  control.post("/webhooks/flush", async (c) => {
    await webhooks.flush();
    return c.json({ ok: true });
  });
  control.post("/webhooks/intent-to-receive", async (c) => c.json(await webhooks.intentToReceive()));

  // Where OnlineInvoiceUrl points: the customer's "view and pay" page.
  control.get("/online-invoices/:invoiceId", (c) => {
    for (const book of store.books.values()) {
      const invoice = book.invoices.get(c.req.param("invoiceId"));
      if (invoice) {
        const due = (book.amountDue(invoice) / 100).toFixed(2);
        return c.html(`<!doctype html><html lang="en"><title>Invoice ${escapeHtml(invoice.number)}</title><main><h1>${escapeHtml(book.organisation.name)}: invoice ${escapeHtml(invoice.number)}</h1><p>Amount due: ${invoice.currencyCode} ${due}</p><button type="button">Pay now</button></main></html>`);
      }
    }
    return c.text("Not found", 404);
  });

  return control;
}
