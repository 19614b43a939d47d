// api.xero.com/api.xro/2.0: the Accounting API resources Solido reads (and the history note it writes).
import { Hono, type Context } from "hono";
import {
  MalformedGuid,
  arbitraryTieBreak,
  QueryError,
  compileWhere,
  matchesSearchTerm,
  paginate,
  parseBoolean,
  parseGuids,
  parseIfModifiedSince,
  parseList,
  sortByOrder,
  type FieldAccessors,
} from "./accounting-query";
import { documentAnswer, jsonAnswer, type ApiEnv } from "./api-gateway";
import { invoicePdf } from "./invoice-pdf";
import { ValidationError, type OrganisationBook } from "./books";
import type { SandboxSettings } from "./config";
import { HighVolumeRefusal, refuseInefficientInvoiceQuery, refuseUnoptimisedContactFilter } from "./high-volume";
import type { Contact, CreditNote, Invoice, Payment, PaymentCredit, PaymentCreditKind } from "./model";
import {
  contactGroupJson,
  contactJson,
  creditNoteJson,
  envelope,
  historyJson,
  invoiceJson,
  organisationJson,
  paymentCreditJson,
  paymentJson,
  problem,
  queryParseError,
  validationError,
} from "./xero-json";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function invoiceFields(book: OrganisationBook): FieldAccessors<Invoice> {
  return {
    InvoiceID: (i) => i.id,
    Type: (i) => i.type,
    Status: (i) => i.status,
    InvoiceNumber: (i) => i.number,
    Reference: (i) => i.reference,
    CurrencyCode: (i) => i.currencyCode,
    "Contact.ContactID": (i) => i.contactId,
    "Contact.Name": (i) => book.contacts.get(i.contactId)?.name ?? "",
    AmountDue: (i) => book.amountDue(i) / 100,
    AmountPaid: (i) => i.amountPaid / 100,
    Total: (i) => i.total / 100,
    Date: (i) => Date.parse(`${i.date}T00:00:00Z`),
    DueDate: (i) => Date.parse(`${i.dueDate}T00:00:00Z`),
    UpdatedDateUTC: (i) => i.updatedAt,
    SentToContact: (i) => i.sentToContact,
  };
}

const contactFields: FieldAccessors<Contact> = {
  ContactID: (c) => c.id,
  Name: (c) => c.name,
  FirstName: (c) => c.firstName,
  LastName: (c) => c.lastName,
  EmailAddress: (c) => c.emailAddress,
  AccountNumber: (c) => c.accountNumber,
  ContactStatus: (c) => c.status,
  IsCustomer: (c) => c.isCustomer,
  IsSupplier: (c) => c.isSupplier,
  UpdatedDateUTC: (c) => c.updatedAt,
};

const paymentFields = (book: OrganisationBook): FieldAccessors<Payment> => ({
  PaymentID: (p) => p.id,
  Status: (p) => p.status,
  Amount: (p) => p.amount / 100,
  Reference: (p) => p.reference,
  "Invoice.InvoiceID": (p) => p.invoiceId,
  "Invoice.InvoiceNumber": (p) => book.invoices.get(p.invoiceId)?.number ?? "",
  PaymentType: () => "ACCRECPAYMENT",
  Date: (p) => Date.parse(`${p.date}T00:00:00Z`),
  UpdatedDateUTC: (p) => p.updatedAt,
});

const creditNoteFields = (book: OrganisationBook): FieldAccessors<CreditNote> => ({
  CreditNoteID: (n) => n.id,
  CreditNoteNumber: (n) => n.number,
  Type: () => "ACCRECCREDIT",
  Status: (n) => n.status,
  "Contact.ContactID": (n) => n.contactId,
  Total: (n) => n.total / 100,
  RemainingCredit: (n) => book.remainingCredit(n) / 100,
  Date: (n) => Date.parse(`${n.date}T00:00:00Z`),
  UpdatedDateUTC: (n) => n.updatedAt,
});

const paymentCreditFields = (book: OrganisationBook, kind: PaymentCreditKind): FieldAccessors<PaymentCredit> => ({
  [kind === "OVERPAYMENT" ? "OverpaymentID" : "PrepaymentID"]: (p) => p.id,
  Type: () => (kind === "OVERPAYMENT" ? "RECEIVE-OVERPAYMENT" : "RECEIVE-PREPAYMENT"),
  Status: (p) => p.status,
  Reference: (p) => p.reference,
  CurrencyCode: (p) => p.currencyCode,
  "Contact.ContactID": (p) => p.contactId,
  Total: (p) => p.total / 100,
  RemainingCredit: (p) => book.remainingPaymentCredit(p) / 100,
  Date: (p) => Date.parse(`${p.date}T00:00:00Z`),
  UpdatedDateUTC: (p) => p.updatedAt,
});

interface ListOptions<T> {
  fields: FieldAccessors<T>;
  resource: string;
  idField: string;
  idsParam?: string;
  /** The item with this (lower-case) id: an IDs= query looks its ids up, as Xero's index would, instead of scanning the organisation. */
  byId?: (id: string) => T | undefined;
  extraFilter?: (item: T) => boolean;
}

/**
 * A query's selection, kept while the book is unchanged: paging through a large organisation asks
 * the same query for page after page, and filtering and sorting everything for each page (which
 * Xero's indexes spare it) made the sandbox, not the app, the slow part of a sync.
 */
const selections = new WeakMap<OrganisationBook, Map<string, { version: number; items: unknown[] }>>();
const SELECTIONS_KEPT = 16;

function cachedSelection<T>(c: Context<ApiEnv>, select: () => T[]): T[] {
  const book = c.get("book");
  const url = new URL(c.req.url);
  url.searchParams.delete("page");
  url.searchParams.delete("pageSize");
  url.searchParams.delete("summaryOnly");
  const key = `${url.pathname}?${url.searchParams} since ${c.req.header("if-modified-since") ?? ""}`;
  let kept = selections.get(book);
  if (!kept) selections.set(book, (kept = new Map()));
  const hit = kept.get(key);
  if (hit && hit.version === book.version) return hit.items as T[];
  const items = select();
  kept.delete(key);
  kept.set(key, { version: book.version, items });
  if (kept.size > SELECTIONS_KEPT) kept.delete(kept.keys().next().value!);
  return items;
}

/** The filters every list endpoint shares: If-Modified-Since (strictly after), IDs, where, order. */
function filterAndOrder<T extends { updatedAt: number }>(c: Context<ApiEnv>, items: Iterable<T>, options: ListOptions<T>): T[] {
  return cachedSelection(c, () => selectAndOrder(c, items, options));
}

function selectAndOrder<T extends { updatedAt: number }>(c: Context<ApiEnv>, items: Iterable<T>, options: ListOptions<T>): T[] {
  const modifiedAfter = parseIfModifiedSince(c.req.header("if-modified-since"));
  const ids = parseGuids(c.req.query(options.idsParam ?? "IDs"));
  const where = c.req.query("where");
  const predicate = where ? compileWhere(where, options.fields, options.resource) : undefined;
  const order = c.req.query("order");
  // Xero's default order is undocumented; the sandbox's is oldest change first, and rows changed at
  // the same moment (a bulk edit) come in an arbitrary order that any change reshuffles.
  const fallback: Array<[string, 1]> = [["UpdatedDateUTC", 1]];
  const tieKey = arbitraryTieBreak(`${c.get("book").version}`);
  const idSet = ids ? new Set(ids) : undefined;
  const idOf = options.fields[options.idField];
  const candidates = idSet && options.byId ? [...idSet].flatMap((id) => options.byId!(id) ?? []) : items;
  const selected: T[] = [];
  for (const item of candidates) {
    if (modifiedAfter !== undefined && item.updatedAt <= modifiedAfter) continue;
    if (idSet && !idSet.has(String(idOf(item)))) continue;
    if (options.extraFilter && !options.extraFilter(item)) continue;
    if (predicate && !predicate(item)) continue;
    selected.push(item);
  }
  return sortByOrder(selected, order, options.fields, fallback, (item) => tieKey(String(idOf(item))));
}

/**
 * An id that is not a GUID: Xero's answer to an unparseable Guid is a 400 PostDataInvalidException
 * "Unrecognized Guid format." (ErrorNumber 14, as logged in waynerobinson/xeroizer#159); for a
 * query-string id the exact wording is the sandbox's choice — the point is that it fails loudly.
 */
const malformedGuid = () => ({ ErrorNumber: 14, Type: "PostDataInvalidException", Message: "Unrecognized Guid format." });

function badRequest(c: Context<ApiEnv>, error: unknown): Response {
  if (error instanceof HighVolumeRefusal) return c.json(error.body, 400);
  if (error instanceof MalformedGuid) return c.json(malformedGuid(), 400);
  if (error instanceof QueryError) return c.json(queryParseError(error.message), 400);
  if (error instanceof ValidationError) return c.json(validationError(error.message), 400);
  throw error;
}

const notFound = (c: Context<ApiEnv>) =>
  c.json(problem(404, "The resource you're looking for cannot be found", new URL(c.req.url).pathname), 404);

export function accountingRoutes(
  providerName: string,
  now: () => number,
  settings: Pick<SandboxSettings, "leniencies" | "invoiceHighVolumeThreshold">,
): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();
  const respond = (c: Context<ApiEnv>, collection: string, items: unknown[], pagination?: ReturnType<typeof paginate>["pagination"]) =>
    jsonAnswer(c, envelope(collection, items, now(), providerName, pagination));

  api.get("/Organisation", (c) => respond(c, "Organisations", [organisationJson(c.get("book").organisation)]));

  api.get("/Invoices", (c) => {
    const book = c.get("book");
    try {
      const statuses = parseList(c.req.query("Statuses"))?.map((status) => status.toUpperCase());
      const contactIds = parseGuids(c.req.query("ContactIDs"));
      const numbers = parseList(c.req.query("InvoiceNumbers"));
      // The invoices' searchTerm covers "fields e.g. InvoiceNumber, Reference" (xero_accounting.yaml, parameter searchTerm).
      const searchTerm = c.req.query("searchTerm");
      const fields = invoiceFields(book);
      if (book.invoices.size > settings.invoiceHighVolumeThreshold) {
        refuseInefficientInvoiceQuery({ where: c.req.query("where"), order: c.req.query("order"), paged: c.req.query("page") !== undefined }, fields);
      }
      const selected = filterAndOrder(c, book.invoices.values(), {
        fields,
        resource: "Invoice",
        idField: "InvoiceID",
        byId: (id) => book.invoices.get(id),
        extraFilter: (invoice) =>
          (!statuses || statuses.includes(invoice.status)) &&
          (!contactIds || contactIds.includes(invoice.contactId)) &&
          (!numbers || numbers.includes(invoice.number)) &&
          matchesSearchTerm(searchTerm, [invoice.number, invoice.reference]),
      });
      const page = paginate(selected, c.req.query("page"), c.req.query("pageSize"));
      // Line items come only with paging (or a single invoice); summaryOnly drops more still.
      const detail = parseBoolean(c.req.query("summaryOnly")) ? "summary" : page.pagination ? "full" : "withoutLineItems";
      return respond(c, "Invoices", page.items.map((invoice) => invoiceJson(book, invoice, detail)), page.pagination);
    } catch (error) {
      return badRequest(c, error);
    }
  });

  const findInvoice = (c: Context<ApiEnv>): Invoice | undefined => {
    const id = c.req.param("invoiceId") ?? "";
    const book = c.get("book");
    if (UUID.test(id)) return book.invoices.get(id.toLowerCase());
    return [...book.invoices.values()].find((invoice) => invoice.number === id); // Xero also accepts the number
  };

  api.get("/Invoices/:invoiceId", (c) => {
    const invoice = findInvoice(c);
    if (!invoice) return notFound(c);
    const book = c.get("book");
    // The invoice as a PDF is the same resource asked for with "Accept: application/pdf" (Xero's
    // accounting spec, operation getInvoiceAsPdf; the path is /Invoices/{InvoiceID} itself: the
    // "/pdf" suffix some SDK versions added met a 404, XeroAPI/xero-node#308 and #316, and without
    // the Accept header Xero answers the JSON, XeroAPI/xero-node#437 and #451). Any type and status
    // Xero holds can be rendered; each call counts against the rate limits like any other.
    if ((c.req.header("accept") ?? "").includes("application/pdf")) {
      return documentAnswer(c, invoicePdf(book.organisation, book.contacts.get(invoice.contactId), invoice, book.amountDue(invoice)), "application/pdf");
    }
    return respond(c, "Invoices", [invoiceJson(book, invoice, "full")]);
  });

  api.get("/Invoices/:invoiceId/OnlineInvoice", (c) => {
    const invoice = findInvoice(c);
    if (!invoice) return notFound(c);
    if (invoice.type !== "ACCREC" || invoice.status === "DRAFT" || invoice.status === "SUBMITTED" || invoice.status === "DELETED") {
      return c.json(validationError("Online invoices are only available for approved sales invoices."), 400);
    }
    const token = Buffer.from(`${c.get("tenantId")}:${invoice.id}`).toString("base64url").slice(0, 40);
    return c.json({ OnlineInvoices: [{ OnlineInvoiceUrl: `${new URL(c.req.url).origin}/__sandbox/online-invoices/${invoice.id}?t=${token}` }] });
  });

  api.get("/Invoices/:invoiceId/History", (c) => {
    const invoice = findInvoice(c);
    if (!invoice) return notFound(c);
    return respond(c, "HistoryRecords", historyJson(invoice));
  });

  api.put("/Invoices/:invoiceId/History", async (c) => {
    const invoice = findInvoice(c);
    if (!invoice) return notFound(c);
    const body = (await c.req.json().catch(() => undefined)) as { HistoryRecords?: Array<{ Details?: string }> } | undefined;
    const records = body?.HistoryRecords;
    if (!Array.isArray(records) || records.length === 0) return c.json(validationError("A HistoryRecords array with at least one record is required."), 400);
    try {
      const added = records.map((record) => {
        c.get("book").addHistory(invoice.id, String(record.Details ?? ""));
        return invoice.history[invoice.history.length - 1];
      });
      return respond(c, "HistoryRecords", historyJson({ ...invoice, history: added }).map((record) => ({ ...record, ValidationErrors: [] })));
    } catch (error) {
      return badRequest(c, error);
    }
  });

  api.get("/Contacts", (c) => {
    const book = c.get("book");
    try {
      const includeArchived = parseBoolean(c.req.query("includeArchived"));
      if (!settings.leniencies.includes("contact-where-filters")) refuseUnoptimisedContactFilter(c.req.query("where"), contactFields);
      // "case-insensitive text search across the Name, FirstName, LastName, ContactNumber and
      // EmailAddress fields" (xero_accounting.yaml, GET /Contacts searchTerm); the sandbox's contacts have no ContactNumber.
      const searchTerm = c.req.query("searchTerm");
      const selected = filterAndOrder(c, book.contacts.values(), {
        fields: contactFields,
        resource: "Contact",
        idField: "ContactID",
        byId: (id) => book.contacts.get(id),
        extraFilter: (contact) =>
          (includeArchived || contact.status !== "ARCHIVED") &&
          matchesSearchTerm(searchTerm, [contact.name, contact.firstName, contact.lastName, contact.emailAddress]),
      });
      const page = paginate(selected, c.req.query("page"), c.req.query("pageSize"));
      const detail = parseBoolean(c.req.query("summaryOnly"))
        ? "summary"
        : page.pagination || settings.leniencies.includes("unpaged-contact-persons")
          ? "full"
          : "unpaged";
      return respond(c, "Contacts", page.items.map((contact) => contactJson(contact, detail, book.groupsOf(contact.id))), page.pagination);
    } catch (error) {
      return badRequest(c, error);
    }
  });

  api.get("/Contacts/:contactId", (c) => {
    const contact = c.get("book").contacts.get(c.req.param("contactId").toLowerCase());
    if (!contact) return notFound(c);
    return respond(c, "Contacts", [contactJson(contact, "full", c.get("book").groupsOf(contact.id))]);
  });

  // GET /ContactGroups: "Retrieves the contact Id and name of each contact group" — ACTIVE ones only, without
  // their contacts; GET /ContactGroups/{ContactGroupID} adds "the ContactID and Name of Contacts in a contact
  // group" (xero_accounting.yaml getContactGroups / getContactGroup; developer.xero.com/documentation/api/accounting/contactgroups).
  // Neither pages.
  api.get("/ContactGroups", (c) => {
    const groups = [...c.get("book").contactGroups.values()].filter((group) => group.status === "ACTIVE").sort((a, b) => a.name.localeCompare(b.name));
    return respond(c, "ContactGroups", groups.map((group) => contactGroupJson(group)));
  });

  api.get("/ContactGroups/:contactGroupId", (c) => {
    const book = c.get("book");
    const group = book.contactGroups.get(c.req.param("contactGroupId").toLowerCase());
    if (!group || group.status !== "ACTIVE") return notFound(c);
    const members = group.contactIds.map((id) => book.contacts.get(id)).filter((contact): contact is NonNullable<typeof contact> => contact !== undefined);
    return respond(c, "ContactGroups", [contactGroupJson(group, members)]);
  });

  api.get("/Payments", (c) => {
    const book = c.get("book");
    try {
      const selected = filterAndOrder(c, book.payments.values(), { fields: paymentFields(book), resource: "Payment", idField: "PaymentID" });
      const page = paginate(selected, c.req.query("page"), c.req.query("pageSize"));
      return respond(c, "Payments", page.items.map((payment) => paymentJson(book, payment)), page.pagination);
    } catch (error) {
      return badRequest(c, error);
    }
  });

  api.get("/CreditNotes", (c) => {
    const book = c.get("book");
    try {
      const selected = filterAndOrder(c, book.creditNotes.values(), { fields: creditNoteFields(book), resource: "CreditNote", idField: "CreditNoteID" });
      const page = paginate(selected, c.req.query("page"), c.req.query("pageSize"));
      return respond(c, "CreditNotes", page.items.map((creditNote) => creditNoteJson(book, creditNote)), page.pagination);
    } catch (error) {
      return badRequest(c, error);
    }
  });

  // GET /Overpayments and /Prepayments: If-Modified-Since, where, order, page and pageSize, as
  // /CreditNotes (xero_accounting.yaml, getOverpayments / getPrepayments; "The API now supports the
  // retrieval and allocation of prepayments and overpayments", Xero's v2.91 release notes quoted on
  // xero.uservoice.com "API Overpayments & Prepayments"). Only the sales side (RECEIVE-) exists here.
  for (const [path, kind] of [["/Overpayments", "OVERPAYMENT"], ["/Prepayments", "PREPAYMENT"]] as const) {
    api.get(path, (c) => {
      const book = c.get("book");
      try {
        const fields = paymentCreditFields(book, kind);
        const selected = filterAndOrder(c, book.paymentCredits.values(), {
          fields,
          resource: kind === "OVERPAYMENT" ? "Overpayment" : "Prepayment",
          idField: kind === "OVERPAYMENT" ? "OverpaymentID" : "PrepaymentID",
          extraFilter: (credit) => credit.kind === kind,
        });
        const page = paginate(selected, c.req.query("page"), c.req.query("pageSize"));
        return respond(c, path.slice(1), page.items.map((credit) => paymentCreditJson(book, credit)), page.pagination);
      } catch (error) {
        return badRequest(c, error);
      }
    });
  }

  return api;
}
