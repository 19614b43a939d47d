// Solido's domain, as tables. Read top to bottom it is the glossary:
// a user belongs to workspaces; a workspace is bound to one Xero organisation
// through a Xero connection; sync copies that organisation's contacts and
// invoices; reminder steps say when to write; reminders are the outbox.
// Money is `numeric` (drizzle hands it over as an exact decimal string), dates
// that Xero treats as calendar days are `date`, moments are `timestamptz`.
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  customType,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () =>
  timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
const money = (name: string) => numeric(name, { precision: 18, scale: 2 });
const moment = (name: string) => timestamp(name, { withTimezone: true });
/** Raw bytes (`bytea`), handed over as a Buffer. */
const bytes = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/** A person who signs in with Xero. Identified by Xero's user id, never by email alone. */
export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  xeroUserId: text("xero_user_id").notNull().unique(),
  email: text("email").notNull(),
  givenName: text("given_name"),
  familyName: text("family_name"),
  /** Where "Sign in with Xero" lands them next time. */
  lastWorkspaceId: uuid("last_workspace_id"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * A signed-in browser. The cookie carries a random token; only its SHA-256 is
 * kept, so a leaked table signs nobody in. A session ends when its row goes
 * (signing out, being removed from a workspace) or at `expiresAt`, a fixed
 * time after signing in however busy the session was. See
 * docs/decisions/0006-server-side-sessions.md.
 */
export const sessions = pgTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: moment("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const reminderMode = pgEnum("reminder_mode", ["preview", "live"]);

/**
 * A business in Solido. Bound to at most one Xero organisation (tenant), and a
 * tenant is never bound to two workspaces: the unique key says so.
 */
export const workspaces = pgTable(
  "workspaces",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The workspace's part of every URL: /w/:slug/... */
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    /** Xero's tenant id (= OrganisationID) of the bound organisation. */
    xeroTenantId: text("xero_tenant_id").unique(),
    /** The bound organisation's name in Xero (the workspace's own name may differ). */
    xeroOrganisationName: text("xero_organisation_name"),
    /** ISO 4217, from Xero's Organisation.BaseCurrency. */
    baseCurrency: text("base_currency"),
    /** IANA zone (Xero's Windows-style Timezone mapped), the clock reminders keep. */
    timeZone: text("time_zone").notNull().default("UTC"),
    countryCode: text("country_code"),
    /** Branding shown in reminder emails. */
    brandColour: text("brand_colour").notNull().default("#0f766e"),
    /** A logo the business hosts itself (an https address); at most one of this and an uploaded logo. */
    logoUrl: text("logo_url"),
    /** The uploaded logo reminders show now: its SHA-256 among the workspace's brand logos. */
    logoSha256: text("logo_sha256"),
    senderName: text("sender_name"),
    replyToEmail: text("reply_to_email"),
    /** Reminders start in preview: Solido shows what it would send until an admin turns them on. */
    reminderMode: reminderMode("reminder_mode").notNull().default("preview"),
    remindersLiveSince: moment("reminders_live_since"),
    /** Local send window and days, in the workspace's time zone. */
    sendWindowStartHour: integer("send_window_start_hour").notNull().default(9),
    sendWindowEndHour: integer("send_window_end_hour").notNull().default(17),
    /** ISO weekdays (1 = Monday … 7 = Sunday) on which reminders may go out. */
    sendWeekdays: integer("send_weekdays").array().notNull().default(sql`'{1,2,3,4,5}'::integer[]`),
    /**
     * Only invoices due at most this many days ago are chased; null chases every unpaid invoice however old.
     * 90 by default: the default schedule's last step (30 days) with two months to spare, while an invoice
     * in the aged-receivables "older" bucket is a phone call or a collections matter, often settled or
     * disputed outside Xero, not a first automated email (docs/decisions/0005-honest-reminders.md).
     */
    chaseWithinDays: integer("chase_within_days").default(90),
    /** Reminders are paused while this is in the future ("until resumed" = 9999-12-31; see reminder-pauses.server.ts). */
    remindersPausedUntil: moment("reminders_paused_until"),
    remindersPausedReason: text("reminders_paused_reason"),
    /**
     * Hold a customer's reminders while Xero shows unallocated credit on their account (an
     * AUTHORISED sales credit note with RemainingCredit left). Off by default: see
     * docs/decisions/0004-hold-reminders-while-credit.md.
     */
    holdRemindersWhileCredit: boolean("hold_reminders_while_credit").notNull().default(false),
    /**
     * Attach each invoice's PDF, as Xero renders it (GET /Invoices/{id} with Accept: application/pdf), to the
     * reminders that name it: fetched when the email is checked with Xero, kept in invoice_documents. Off by default.
     */
    attachInvoicePdfs: boolean("attach_invoice_pdfs").notNull().default(false),
    /** A blind copy of every email to customers goes here (the business sees what its customers receive); null: none. */
    blindCopyEmail: text("blind_copy_email"),
    /**
     * The day of the month each customer with anything open is sent a statement (1–28, or 31 for the
     * month's last day), in the organisation's time zone, inside the send window; a day that is not a
     * sending weekday moves to the next one that is. Null: no monthly statements (the default).
     */
    monthlyStatementDay: integer("monthly_statement_day"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("workspaces_brand_colour_is_hex", sql`${t.brandColour} ~ '^#[0-9a-fA-F]{6}$'`),
    check(
      "workspaces_send_window_is_a_window",
      sql`${t.sendWindowStartHour} >= 0 and ${t.sendWindowEndHour} <= 24 and ${t.sendWindowStartHour} < ${t.sendWindowEndHour}`,
    ),
    check("workspaces_one_logo", sql`${t.logoUrl} is null or ${t.logoSha256} is null`),
    check("workspaces_chase_within_days_is_days", sql`${t.chaseWithinDays} between 1 and 3650`),
    check("workspaces_monthly_statement_day_is_a_day", sql`${t.monthlyStatementDay} between 1 and 28 or ${t.monthlyStatementDay} = 31`),
    foreignKey({ name: "workspaces_logo_is_theirs", columns: [t.id, t.logoSha256], foreignColumns: [brandLogos.workspaceId, brandLogos.sha256] }),
  ],
);

/**
 * A logo a workspace uploaded for its reminder emails, served publicly at
 * APP_URL/brand/logo/<workspace id>/<sha256>. The address names the content,
 * so it never changes meaning and may be cached for ever; logos stay after
 * they are replaced or removed, because emails already delivered show them.
 * Only raster images whose bytes say so (PNG, JPEG, GIF, WebP), never SVG.
 */
export const brandLogos = pgTable(
  "brand_logos",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references((): AnyPgColumn => workspaces.id, { onDelete: "cascade" }),
    /** Hex SHA-256 of the bytes: the logo's name in its address. */
    sha256: text("sha256").notNull(),
    /** Decided from the bytes' signature, never from what the browser claimed. */
    contentType: text("content_type").notNull(),
    bytes: bytes("bytes").notNull(),
    byteSize: integer("byte_size").notNull(),
    uploadedByUserId: uuid("uploaded_by_user_id").references(() => users.id, { onDelete: "set null" }),
    uploadedAt: moment("uploaded_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.sha256] }),
    check("brand_logos_sha256_is_hex", sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check("brand_logos_raster_image", sql`${t.contentType} in ('image/png', 'image/jpeg', 'image/gif', 'image/webp')`),
    check("brand_logos_size_is_bytes", sql`${t.byteSize} = octet_length(${t.bytes}) and ${t.byteSize} <= 524288`),
  ],
);

export const role = pgEnum("role", ["owner", "admin", "viewer"]);

/** Who may open a workspace, and what they may change there. */
export const memberships = pgTable(
  "memberships",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: role("role").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

export const connectionStatus = pgEnum("connection_status", ["connected", "needs_reconnect", "disconnected"]);

/**
 * The OAuth grant that lets Solido read and write one workspace's Xero organisation.
 * Tokens are sealed with AES-256-GCM (app/xero/token-vault.server.ts); the key id
 * travels inside each sealed value so keys can rotate.
 */
export const xeroConnections = pgTable("xero_connections", {
  id: uuid("id").primaryKey().defaultRandom(),
  workspaceId: uuid("workspace_id")
    .notNull()
    .unique()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  tenantId: text("tenant_id").notNull(),
  /** Xero's connection id (`/connections` `id`), needed to disconnect. */
  xeroConnectionId: text("xero_connection_id").notNull(),
  /** The consent that created the connection (`authEventId`). */
  authEventId: text("auth_event_id"),
  /**
   * The Xero user whose consent holds the connection (`xero_userid`). Revoking
   * a refresh token removes every connection that user gave Solido, so
   * disconnecting revokes only when no other workspace's connection is theirs.
   */
  xeroUserId: text("xero_user_id"),
  connectedByUserId: uuid("connected_by_user_id").references(() => users.id, { onDelete: "set null" }),
  status: connectionStatus("status").notNull().default("connected"),
  scopes: text("scopes").array().notNull(),
  accessTokenSealed: text("access_token_sealed"),
  refreshTokenSealed: text("refresh_token_sealed"),
  accessTokenExpiresAt: moment("access_token_expires_at"),
  connectedAt: moment("connected_at").notNull().defaultNow(),
  disconnectedAt: moment("disconnected_at"),
  needsReconnectSince: moment("needs_reconnect_since"),
  /** Xero's UpdatedDateUTC high-water marks for incremental sync; move only when a run commits. */
  invoicesSyncedThrough: moment("invoices_synced_through"),
  contactsSyncedThrough: moment("contacts_synced_through"),
  creditNotesSyncedThrough: moment("credit_notes_synced_through"),
  overpaymentsSyncedThrough: moment("overpayments_synced_through"),
  /** When the organisation's contact groups and their members were last read (app/sync/contact-groups.server.ts). */
  contactGroupsReadAt: moment("contact_groups_read_at"),
  prepaymentsSyncedThrough: moment("prepayments_synced_through"),
  lastSyncAt: moment("last_sync_at"),
  lastSyncStatus: text("last_sync_status"),
  lastSyncError: text("last_sync_error"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const consentIntent = pgEnum("consent_intent", ["signup", "connect", "reconnect"]);

/**
 * A Xero consent that granted more than one organisation, held (tokens sealed)
 * while the user picks which one the workspace is bound to. Short-lived.
 */
export const pendingXeroConsents = pgTable("pending_xero_consents", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  intent: consentIntent("intent").notNull(),
  /** For connect/reconnect: the workspace being connected. */
  workspaceId: uuid("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
  authEventId: text("auth_event_id").notNull(),
  /** The organisations this consent granted: Xero's /connections entries. */
  tenants: jsonb("tenants").$type<{ connectionId: string; tenantId: string; tenantName: string }[]>().notNull(),
  scopes: text("scopes").array().notNull(),
  accessTokenSealed: text("access_token_sealed").notNull(),
  refreshTokenSealed: text("refresh_token_sealed").notNull(),
  accessTokenExpiresAt: moment("access_token_expires_at").notNull(),
  expiresAt: moment("expires_at").notNull(),
  createdAt: createdAt(),
});

export const contactStatus = pgEnum("contact_status", ["ACTIVE", "ARCHIVED", "GDPRREQUEST"]);

/** A customer of the business, copied from Xero. Their email is where reminders go. */
export const contacts = pgTable(
  "contacts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    xeroContactId: text("xero_contact_id").notNull(),
    name: text("name").notNull(),
    emailAddress: text("email_address"),
    /**
     * Contact persons marked "include in emails", in Xero's order: copied on reminders, and the
     * first of them is written to when Xero has no EmailAddress (app/models/contact-recipients.server.ts).
     */
    ccEmailAddresses: text("cc_email_addresses").array().notNull().default(sql`'{}'::text[]`),
    status: contactStatus("status").notNull().default("ACTIVE"),
    isCustomer: boolean("is_customer").notNull().default(false),
    /** Set when the mail server refused the address permanently (5xx). */
    emailBouncingSince: moment("email_bouncing_since"),
    /** Reminders are paused while this is in the future ("until resumed" = 9999-12-31; see reminder-pauses.server.ts). */
    remindersPausedUntil: moment("reminders_paused_until"),
    remindersPausedReason: text("reminders_paused_reason"),
    xeroUpdatedAt: moment("xero_updated_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("contacts_workspace_xero_contact_key").on(t.workspaceId, t.xeroContactId),
    // lets invoices reference (workspace_id, contact_id), so an invoice cannot point at another workspace's contact
    unique("contacts_workspace_id_key").on(t.workspaceId, t.id),
    // The Contacts table's keyset, and search by name or email anywhere in it (pg_trgm).
    index("contacts_workspace_name_keyset_idx").on(t.workspaceId, t.name, t.id),
    index("contacts_name_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
    index("contacts_email_trgm_idx").using("gin", sql`${t.emailAddress} gin_trgm_ops`),
    // Customers known only by an invoice's reference, whose details sync fetches by id in the order they were met
    // (contactsWithoutDetails): 50 at a time without reading the workspace's other contacts.
    index("contacts_without_details_idx").on(t.workspaceId, t.createdAt, t.id).where(sql`${t.xeroUpdatedAt} is null`),
    // "Needs attention": the few customers reminders cannot reach (no address, bouncing) or an admin paused.
    // "No address" in the words of app/models/contact-recipients.server.ts's hasRecipientsCondition.
    index("contacts_attention_idx")
      .on(t.workspaceId)
      .where(
        sql`not (coalesce(trim(${t.emailAddress}), '') <> '' or cardinality(${t.ccEmailAddresses}) > 0) or ${t.emailBouncingSince} is not null or ${t.remindersPausedUntil} is not null`,
      ),
  ],
);

/**
 * A contact group in Xero (Contacts → Groups, e.g. "Key accounts"), copied by sync with its members
 * (app/sync/contact-groups.server.ts). Only groups Xero still has ACTIVE are kept.
 */
export const contactGroups = pgTable(
  "contact_groups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    xeroContactGroupId: text("xero_contact_group_id").notNull(),
    name: text("name").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("contact_groups_workspace_xero_key").on(t.workspaceId, t.xeroContactGroupId),
    // lets members reference (workspace_id, contact_group_id), so a member cannot join another workspace's group
    unique("contact_groups_workspace_id_key").on(t.workspaceId, t.id),
  ],
);

/** A customer in a contact group, as Xero's GET /ContactGroups/{id} lists them. Customers Solido does not hold are left out. */
export const contactGroupMembers = pgTable(
  "contact_group_members",
  {
    workspaceId: uuid("workspace_id").notNull(),
    contactGroupId: uuid("contact_group_id").notNull(),
    contactId: uuid("contact_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.contactGroupId, t.contactId] }),
    index("contact_group_members_contact_idx").on(t.contactId),
    foreignKey({ name: "contact_group_members_group_fk", columns: [t.workspaceId, t.contactGroupId], foreignColumns: [contactGroups.workspaceId, contactGroups.id] }).onDelete("cascade"),
    foreignKey({ name: "contact_group_members_contact_fk", columns: [t.workspaceId, t.contactId], foreignColumns: [contacts.workspaceId, contacts.id] }).onDelete("cascade"),
  ],
);

/**
 * What left credit on the customer's account: a sales credit note, or money
 * they paid that is not for one invoice — an overpayment, or a prepayment
 * (Xero's RECEIVE-OVERPAYMENT / RECEIVE-PREPAYMENT). All three have a
 * RemainingCredit Xero allocates to invoices, and become PAID once used up.
 */
export const customerCreditKind = pgEnum("customer_credit_kind", ["credit_note", "overpayment", "prepayment"]);

export const creditNoteStatus = pgEnum("credit_note_status", ["DRAFT", "SUBMITTED", "AUTHORISED", "PAID", "VOIDED", "DELETED"]);

/**
 * A sales credit note (Xero type ACCRECCREDIT), or an overpayment or
 * prepayment (`kind`), copied from Xero. While it is
 * AUTHORISED with RemainingCredit left, the customer has unallocated credit on
 * their account: the invoice and contact pages show it, and a workspace may
 * hold that customer's reminders until it is used (Xero marks a fully
 * allocated credit note PAID). Tied to its customer by Xero's contact id, as
 * Xero ties it: sync copies credit notes whether or not Solido has met the
 * contact yet (app/sync/credit-notes.server.ts).
 */
export const creditNotes = pgTable(
  "credit_notes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    kind: customerCreditKind("kind").notNull().default("credit_note"),
    /** Xero's CreditNoteID, OverpaymentID or PrepaymentID (GUIDs: unique across the three). */
    xeroCreditNoteId: text("xero_credit_note_id").notNull(),
    xeroContactId: text("xero_contact_id").notNull(),
    creditNoteNumber: text("credit_note_number"),
    status: creditNoteStatus("status").notNull(),
    currencyCode: text("currency_code").notNull(),
    total: money("total").notNull(),
    /** Xero's RemainingCredit: what is not yet allocated to an invoice or refunded. */
    remainingCredit: money("remaining_credit").notNull(),
    issueDate: date("issue_date"),
    /** Xero's UpdatedDateUTC: the incremental-sync cursor. */
    xeroUpdatedAt: moment("xero_updated_at").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("credit_notes_workspace_xero_credit_note_key").on(t.workspaceId, t.xeroCreditNoteId),
    // A customer's unallocated credit, looked up by contact (pages, planner).
    index("credit_notes_unallocated_idx")
      .on(t.workspaceId, t.xeroContactId)
      .where(sql`${t.status} = 'AUTHORISED' and ${t.remainingCredit} > 0`),
  ],
);

export const invoiceStatus = pgEnum("invoice_status", ["DRAFT", "SUBMITTED", "AUTHORISED", "PAID", "VOIDED", "DELETED"]);

/** A sales invoice (Xero type ACCREC), copied from Xero. */
export const invoices = pgTable(
  "invoices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // No foreign key of its own to workspaces: invoices_contact_fk below ties
    // (workspace_id, contact_id) to a contact of that workspace, which ties it to
    // the workspace (and a deleted workspace's contacts take their invoices with
    // them). A second key checked the same fact again for every row sync writes.
    workspaceId: uuid("workspace_id").notNull(),
    xeroInvoiceId: text("xero_invoice_id").notNull(),
    contactId: uuid("contact_id").notNull(),
    invoiceNumber: text("invoice_number"),
    reference: text("reference"),
    status: invoiceStatus("status").notNull(),
    currencyCode: text("currency_code").notNull(),
    total: money("total").notNull(),
    amountDue: money("amount_due").notNull(),
    amountPaid: money("amount_paid").notNull().default("0"),
    amountCredited: money("amount_credited").notNull().default("0"),
    issueDate: date("issue_date"),
    dueDate: date("due_date"),
    sentToContact: boolean("sent_to_contact").notNull().default(false),
    /** Xero's UpdatedDateUTC: the incremental-sync cursor. */
    xeroUpdatedAt: moment("xero_updated_at").notNull(),
    /**
     * When Solido first saw the invoice settled (PAID, VOIDED, DELETED or nothing
     * left to pay). While set, no reminder is sent for it; cleared only if Xero
     * un-settles the invoice (a payment deleted), so money owed again is chased again.
     */
    settledSeenAt: moment("settled_seen_at"),
    /** Xero's "view and pay" page, fetched once (GET /Invoices/{id}/OnlineInvoice). */
    onlineInvoiceUrl: text("online_invoice_url"),
    /** Reminders are paused while this is in the future ("until resumed" = 9999-12-31; see reminder-pauses.server.ts). */
    remindersPausedUntil: moment("reminders_paused_until"),
    remindersPausedReason: text("reminders_paused_reason"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("invoices_workspace_xero_invoice_key").on(t.workspaceId, t.xeroInvoiceId),
    foreignKey({
      name: "invoices_contact_fk",
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }).onDelete("cascade"),
    index("invoices_contact_idx").on(t.contactId),
    index("invoices_workspace_due_idx").on(t.workspaceId, t.dueDate),
    // The Invoices table's keysets (app/lists/invoice-list.server.ts): due date (a missing one sorts last) and amount due, id breaking ties.
    index("invoices_workspace_due_keyset_idx").on(t.workspaceId, sql`coalesce(${t.dueDate}, 'infinity'::date)`, t.id),
    index("invoices_workspace_amount_keyset_idx").on(t.workspaceId, t.amountDue, t.id),
    // What is owed (status AUTHORISED, amount due > 0): the dashboard's sums and ageing and the upcoming reminders read only these, index-only.
    index("invoices_open_idx")
      .on(t.workspaceId, t.dueDate, t.currencyCode, t.amountDue, t.contactId)
      .where(sql`${t.status} = 'AUTHORISED' and ${t.amountDue} > 0`),
    // Search anywhere in the number or reference (`ilike '%…%'`): trigram indexes (pg_trgm).
    index("invoices_number_trgm_idx").using("gin", sql`${t.invoiceNumber} gin_trgm_ops`),
    index("invoices_reference_trgm_idx").using("gin", sql`${t.reference} gin_trgm_ops`),
    // The reminder planner reads only open invoices; most of a ledger is settled history.
    index("invoices_open_due_idx")
      .on(t.workspaceId, t.dueDate)
      .where(sql`${t.status} = 'AUTHORISED' and ${t.settledSeenAt} is null`),
    // What each customer owes (the Contacts page's totals, "owing", needs attention): the open set again,
    // led by the customer, so 50 customers' totals are 50 short index-only seeks, not a pass over all of it.
    index("invoices_open_contact_idx")
      .on(t.workspaceId, t.contactId, t.currencyCode, t.dueDate, t.amountDue)
      .where(sql`${t.status} = 'AUTHORISED' and ${t.amountDue} > 0`),
    // The dashboard's few: invoices an admin paused, and invoices paid lately (for "paid after a reminder").
    index("invoices_paused_idx").on(t.workspaceId).where(sql`${t.remindersPausedUntil} is not null`),
    index("invoices_paid_settled_idx").on(t.workspaceId, t.settledSeenAt).where(sql`${t.status} = 'PAID'`),
    check("invoices_amount_due_not_negative", sql`${t.amountDue} >= 0`),
  ],
);

/**
 * An invoice as Xero renders it for the customer, attached to reminders when the workspace asks
 * (workspaces.attach_invoice_pdfs). Fetched through the gateway when a reminder email is checked
 * with Xero, and fetched again only when the invoice changed in Xero since (its UpdatedDateUTC).
 */
export const invoiceDocuments = pgTable("invoice_documents", {
  invoiceId: uuid("invoice_id")
    .primaryKey()
    .references(() => invoices.id, { onDelete: "cascade" }),
  /** The invoice's xero_updated_at when the PDF was fetched: a later one makes this copy stale. */
  invoiceUpdatedAt: moment("invoice_updated_at").notNull(),
  pdf: bytes("pdf").notNull(),
  fetchedAt: moment("fetched_at").notNull().defaultNow(),
});

/**
 * How many times a workspace's invoices have changed: bumped by a trigger on
 * `invoices` (once per transaction that inserts, updates or deletes any, as it
 * commits — db/migrations/0006), so a figure computed from the invoices can be
 * kept until this moves (app/models/receivables-summary.server.ts). A counter,
 * not a timestamp: it moves in commit order, so a late-committing change is never missed.
 */
export const invoiceVersions = pgTable("invoice_versions", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  version: bigint("version", { mode: "number" }).notNull().default(0),
});

export const reminderTone = pgEnum("reminder_tone", ["friendly", "neutral", "firm"]);

/**
 * A reminder schedule: its steps (reminder_steps) and the repeats after the last one. Every workspace has
 * one default schedule (no contact group: everyone not in a group with a schedule of its own), written with
 * the workspace, and may have one per Xero contact group. A contact in several groups with schedules
 * follows the one with the lowest precedence (docs/decisions/0020-schedules-per-contact-group.md).
 */
export const reminderSchedules = pgTable(
  "reminder_schedules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /**
     * The Xero ContactGroupID whose members follow this schedule; null: the default schedule. Xero's id, not
     * a key to contact_groups: a group deleted in Xero (and so by sync) must not take with it a schedule whose
     * steps carry the record of what was sent. A schedule whose group is gone applies to nobody.
     */
    xeroContactGroupId: text("xero_contact_group_id"),
    /** For a contact in two groups with schedules, the lower wins (the order set in Settings). */
    precedence: integer("precedence").notNull(),
    /**
     * After the schedule's last step, write again every this many days until the invoice is paid; null: no
     * repeats (the default). At most `repeatLimit` times (docs/decisions/0017-repeats-after-the-last-step.md).
     */
    repeatEveryDays: integer("repeat_every_days"),
    repeatLimit: integer("repeat_limit").notNull().default(3),
    /**
     * Removed from Settings after its steps had sent reminders: it applies to nobody and is no longer listed,
     * but stays, with its steps, as the record of what went out.
     */
    retiredAt: moment("retired_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("reminder_schedules_one_default_key").on(t.workspaceId).where(sql`${t.xeroContactGroupId} is null and ${t.retiredAt} is null`),
    uniqueIndex("reminder_schedules_one_per_group_key").on(t.workspaceId, t.xeroContactGroupId).where(sql`${t.retiredAt} is null`),
    // lets steps reference (workspace_id, schedule_id), so a step cannot join another workspace's schedule
    unique("reminder_schedules_workspace_id_key").on(t.workspaceId, t.id),
    check("reminder_schedules_repeat_every_is_days", sql`${t.repeatEveryDays} between 1 and 90`),
    check("reminder_schedules_repeat_limit_is_capped", sql`${t.repeatLimit} between 1 and 12`),
  ],
);

/** One step of a reminder schedule, relative to the due date (negative = before). */
export const reminderSteps = pgTable(
  "reminder_steps",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    scheduleId: uuid("schedule_id").notNull(),
    offsetDays: integer("offset_days").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    /**
     * The step's words when it is the first email a customer gets about an invoice (reminders just turned on,
     * a pause lifted, the earlier steps missed): a later step's own words may speak of reminders never sent
     * ("Second reminder", "Despite our earlier reminders"). Null: the step's own words serve both.
     */
    firstSubject: text("first_subject"),
    firstBody: text("first_body"),
    tone: reminderTone("tone").notNull().default("neutral"),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("reminder_steps_schedule_offset_key").on(t.scheduleId, t.offsetDays),
    foreignKey({ name: "reminder_steps_schedule_fk", columns: [t.workspaceId, t.scheduleId], foreignColumns: [reminderSchedules.workspaceId, reminderSchedules.id] }).onDelete("cascade"),
    // lets reminders reference (workspace_id, step_id), so a reminder cannot take another workspace's step
    unique("reminder_steps_workspace_id_key").on(t.workspaceId, t.id),
  ],
);

/** Below this amount due (per currency) no reminder is sent, as in Xero's own reminders. */
export const reminderMinimumAmounts = pgTable(
  "reminder_minimum_amounts",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    currencyCode: text("currency_code").notNull(),
    minimumAmountDue: money("minimum_amount_due").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.currencyCode] })],
);

export const reminderEmailStatus = pgEnum("reminder_email_status", ["queued", "sent", "dropped", "failed"]);

/**
 * What an email to a customer is: a payment reminder (it carries one or more reminders), or a
 * statement (every invoice the customer has open, with the totals per currency, read when it is
 * prepared). Both go through the same exactly-once path: decided, frozen, claimed, handed over.
 */
export const emailKind = pgEnum("email_kind", ["reminder", "statement"]);

/**
 * One email to one customer on one day: at most one reminder email and one statement a day each.
 * A reminder email carries one or more reminders (a customer with several invoices due gets them
 * in a single email); a monthly statement also names its month, and a customer gets one per month.
 * Its Message-ID is fixed before sending, so a retry after a crash is recognisable.
 */
export const reminderEmails = pgTable(
  "reminder_emails",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // Tied to the workspace through its contact (reminder_emails_contact_fk below), as invoices are.
    workspaceId: uuid("workspace_id").notNull(),
    contactId: uuid("contact_id").notNull(),
    kind: emailKind("kind").notNull().default("reminder"),
    /** The customer's local calendar day the email belongs to: one email of each kind per customer per day. */
    sendDate: date("send_date").notNull(),
    /** The month (YYYY-MM) a monthly statement is for; null for a reminder email and for a statement sent on demand. */
    statementPeriod: text("statement_period"),
    messageId: text("message_id").notNull().unique(),
    status: reminderEmailStatus("status").notNull().default("queued"),
    toAddress: text("to_address"),
    ccAddresses: text("cc_addresses").array().notNull().default(sql`'{}'::text[]`),
    subject: text("subject"),
    html: text("html"),
    text: text("text"),
    sentAt: moment("sent_at"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** No more reminders join the email after this: its invoices are being checked with Xero. */
    closedAt: moment("closed_at"),
    /** Checked with Xero and rendered (subject, html, text frozen); a send job is queued. */
    preparedAt: moment("prepared_at"),
    /**
     * Committed just before the message's final "." goes to the SMTP server,
     * the moment after which the server may hold the message. A send found
     * with this set but not `sent` was cut off after handing the message over:
     * it is recorded as sent, never sent again.
     */
    handedOverAt: moment("handed_over_at"),
    /**
     * The send attempt that holds the email, until `claimed_until`: taken with a conditional update
     * before any SMTP, so a second live sender leaves it alone, and required again by the hand-over
     * record before the final "." (docs/decisions/0002-claim-emails-with-a-lease.md).
     */
    claimedBy: text("claimed_by"),
    claimedUntil: moment("claimed_until"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("reminder_emails_contact_kind_day_key").on(t.contactId, t.kind, t.sendDate),
    // A customer's monthly statement goes once per month (null periods, reminders and statements on demand, never collide).
    unique("reminder_emails_contact_statement_period_key").on(t.contactId, t.statementPeriod),
    check(
      "reminder_emails_statement_period_is_a_month",
      sql`${t.statementPeriod} is null or (${t.kind} = 'statement' and ${t.statementPeriod} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')`,
    ),
    // One key for both facts, checked once per email the planner writes: the contact exists and is this
    // workspace's (contacts reference workspaces, and a deleted workspace's contacts take their emails with them).
    foreignKey({
      name: "reminder_emails_contact_fk",
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }).onDelete("cascade"),
    index("reminder_emails_workspace_status_idx").on(t.workspaceId, t.status),
    // The Reminders page's log, newest first (app/lists/reminder-log.server.ts), and the dashboard's sent-in-30-days counts.
    index("reminder_emails_workspace_logged_idx").on(t.workspaceId, sql`coalesce(${t.sentAt}, ${t.updatedAt})`, t.id),
    index("reminder_emails_workspace_sent_idx").on(t.workspaceId, t.sentAt).where(sql`${t.status} = 'sent'`),
  ],
);

export const reminderStatus = pgEnum("reminder_status", ["planned", "sent", "skipped"]);

/**
 * The outbox: the decision "invoice X gets step S" (or "the Nth repeat after
 * step S", the schedule's last), written before any email leaves. Its key,
 * (invoice, step, repeat), is what makes a reminder go out at most once.
 */
export const reminders = pgTable(
  "reminders",
  {
    // Tied to the workspace through its step (reminders_step_fk below).
    workspaceId: uuid("workspace_id").notNull(),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    stepId: uuid("step_id").notNull(),
    /** 0 for the step itself; N for the Nth "then every N days until paid" after it (the schedule's last step). */
    repeatNumber: smallint("repeat_number").notNull().default(0),
    emailId: uuid("email_id").references(() => reminderEmails.id, { onDelete: "set null" }),
    status: reminderStatus("status").notNull().default("planned"),
    /** Amount due when the reminder was written into its email. */
    amountDue: money("amount_due"),
    skippedReason: text("skipped_reason"),
    /** When the "Payment reminder sent" note was added to the invoice's history in Xero. */
    historyNotedAt: moment("history_noted_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // The decision is its own identity: no surrogate id, whose random values would cost an index of their
    // own with a random page per row (800,000 in the planner's first pass over a million invoices).
    primaryKey({ name: "reminders_pkey", columns: [t.invoiceId, t.stepId, t.repeatNumber] }),
    check("reminders_repeat_number_is_counted", sql`${t.repeatNumber} between 0 and 12`),
    index("reminders_email_idx").on(t.emailId),
    // One key for both facts, checked once per decision the planner writes (800,000 in its first pass over
    // a million invoices): the step exists and is this workspace's (steps reference workspaces, and a deleted
    // workspace's steps take their reminders with them).
    foreignKey({
      name: "reminders_step_fk",
      columns: [t.workspaceId, t.stepId],
      foreignColumns: [reminderSteps.workspaceId, reminderSteps.id],
    }).onDelete("cascade"),
  ],
);

/**
 * A customer's word on their page (the signed link in every reminder): "I'll pay on …". While it
 * stands, the invoice's reminders wait until the promised day and a few days' grace (the invoice's
 * pause, so every rule that honours a pause honours it); the first reminder after it passes unpaid
 * says, politely, that the promised payment has not arrived. Noted in the invoice's history in Xero.
 */
export const paymentPromises = pgTable(
  "payment_promises",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    /** The organisation's calendar day the customer said they would pay by. */
    promisedFor: date("promised_for").notNull(),
    /** When the note "Customer promised to pay on …" was added to the invoice's history in Xero. */
    historyNotedAt: moment("history_noted_at"),
    createdAt: createdAt(),
  },
  (t) => [index("payment_promises_invoice_idx").on(t.invoiceId, t.createdAt)],
);

/**
 * A customer's question about an invoice, written on their page ("Query this invoice"): the
 * invoice's reminders stop (paused until resumed), the business is emailed and sees it under
 * "Needs attention", and resolving it resumes reminders. Noted in the invoice's history in Xero.
 */
export const invoiceQueries = pgTable(
  "invoice_queries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    /** The customer's words, as written (escaped wherever shown). */
    message: text("message").notNull(),
    /** The invoice's pause before the query stopped its reminders (a payment plan, a promise), put back on resolving while it lasts. */
    pausedUntilBefore: moment("paused_until_before"),
    pausedReasonBefore: text("paused_reason_before"),
    resolvedAt: moment("resolved_at"),
    resolvedByUserId: uuid("resolved_by_user_id").references(() => users.id, { onDelete: "set null" }),
    /** When the business's admins were emailed about it. */
    businessToldAt: moment("business_told_at"),
    historyNotedAt: moment("history_noted_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("invoice_queries_invoice_idx").on(t.invoiceId, t.createdAt),
    index("invoice_queries_open_idx").on(t.workspaceId).where(sql`${t.resolvedAt} is null`),
  ],
);

/**
 * How many times a workspace's reminders and reminder emails have changed
 * (planned, sent, skipped, bounced, deleted): bumped like `invoiceVersions`,
 * once per transaction as it commits (db/migrations/0012). With the other two
 * counters it keeps the dashboard's reminder figures — sent, collected,
 * upcoming, needs attention — until they can have moved
 * (app/models/reminder-overview.server.ts).
 */
export const reminderVersions = pgTable("reminder_versions", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  version: bigint("version", { mode: "number" }).notNull().default(0),
});

/**
 * How many times what else decides a workspace's reminders has changed: its
 * contacts (email, status, bounce, pause), its schedule and its minimum
 * amounts. Bumped like `invoiceVersions` (once per transaction, as it commits —
 * db/migrations/0010); with that counter it tells the planner whether a
 * workspace can still be as it last found it.
 */
export const reminderInputVersions = pgTable("reminder_input_versions", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  version: bigint("version", { mode: "number" }).notNull().default(0),
});

/**
 * The planner's last complete pass over a live workspace: on that local day,
 * every reminder due was decided or found blocked, with its inputs at these
 * versions. While both counters are unchanged and no pause has ended since,
 * nothing can have become due but the steps whose day has come since then, so
 * the next pass reads only invoices at those steps, and none on the same day
 * (app/reminders/planner.server.ts).
 */
export const reminderPlanMarks = pgTable("reminder_plan_marks", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  /** The workspace's local day of that pass. */
  plannedOn: date("planned_on").notNull(),
  plannedAt: moment("planned_at").notNull(),
  invoiceVersion: bigint("invoice_version", { mode: "number" }).notNull(),
  inputVersion: bigint("input_version", { mode: "number" }).notNull(),
});

export const syncKind = pgEnum("sync_kind", ["first", "incremental", "refresh"]);
export const syncTrigger = pgEnum("sync_trigger", ["connect", "schedule", "manual", "webhook", "reminder"]);
export const syncStatus = pgEnum("sync_status", ["queued", "running", "succeeded", "failed", "skipped"]);

/** One pass of copying from Xero, with what it cost and what it found. */
export const syncRuns = pgTable(
  "sync_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    kind: syncKind("kind").notNull(),
    trigger: syncTrigger("trigger").notNull(),
    status: syncStatus("status").notNull().default("queued"),
    queuedAt: moment("queued_at").notNull().defaultNow(),
    startedAt: moment("started_at"),
    finishedAt: moment("finished_at"),
    /** Progress for the dashboard's bar: pages done of Xero's pagination.pageCount. */
    pagesDone: integer("pages_done").notNull().default(0),
    pageCount: integer("page_count"),
    invoicesCreated: integer("invoices_created").notNull().default(0),
    invoicesUpdated: integer("invoices_updated").notNull().default(0),
    invoicesUnchanged: integer("invoices_unchanged").notNull().default(0),
    contactsCreated: integer("contacts_created").notNull().default(0),
    contactsUpdated: integer("contacts_updated").notNull().default(0),
    contactsUnchanged: integer("contacts_unchanged").notNull().default(0),
    paymentsDetected: integer("payments_detected").notNull().default(0),
    xeroCalls: integer("xero_calls").notNull().default(0),
    bytesReceived: bigint("bytes_received", { mode: "number" }).notNull().default(0),
    rateLimitHits: integer("rate_limit_hits").notNull().default(0),
    /** A machine-readable code (e.g. `needs_reconnect`) and the words shown to the user. */
    errorCode: text("error_code"),
    error: text("error"),
  },
  (t) => [index("sync_runs_workspace_queued_idx").on(t.workspaceId, t.queuedAt)],
);

/** Every webhook event Xero delivered, once (Xero retries deliveries). */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Identity of the event across redeliveries. */
    eventKey: text("event_key").notNull().unique(),
    tenantId: text("tenant_id").notNull(),
    workspaceId: uuid("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    eventCategory: text("event_category").notNull(),
    eventType: text("event_type").notNull(),
    resourceId: text("resource_id").notNull(),
    /** Null only for a rejected event whose date could not be read. */
    eventDateUtc: moment("event_date_utc"),
    receivedAt: moment("received_at").notNull().defaultNow(),
    processedAt: moment("processed_at"),
    /** Why the event went no further ("unknown tenant", or "rejected: …" for a signed delivery Solido could not read). */
    ignoredReason: text("ignored_reason"),
  },
  (t) => [index("webhook_events_workspace_idx").on(t.workspaceId, t.receivedAt)],
);

/** Who did what to a workspace, for its admins (Settings → Audit log). */
export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** Null when Solido itself acted (e.g. Xero refused a token refresh). */
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_workspace_created_idx").on(t.workspaceId, t.createdAt)],
);

/**
 * An invitation to join a workspace, sent by email as a link. Only the
 * SHA-256 of the link's token is kept, so a leaked table cannot be used to
 * join; the link works once, until it expires or an admin revokes it.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: role("role").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    invitedByUserId: uuid("invited_by_user_id").references(() => users.id, { onDelete: "set null" }),
    expiresAt: moment("expires_at").notNull(),
    acceptedAt: moment("accepted_at"),
    acceptedByUserId: uuid("accepted_by_user_id").references(() => users.id, { onDelete: "set null" }),
    revokedAt: moment("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("invitations_workspace_idx").on(t.workspaceId, t.createdAt),
    // Ownership is never handed out by link.
    check("invitations_role_is_not_owner", sql`${t.role} <> 'owner'`),
  ],
);

export const accessRequestStatus = pgEnum("access_request_status", ["offered", "requested", "approved", "declined"]);

/**
 * Someone who shares a Xero organisation that already has a workspace, asking
 * its admins to let them in. "offered" is written when Xero has just shown
 * they can reach the organisation (they chose it at Xero's consent page), so
 * only such a person can ask; "requested" once they press the button (the
 * admins are emailed); then an admin approves (a membership) or declines.
 * One request per person and workspace.
 */
export const accessRequests = pgTable(
  "access_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: accessRequestStatus("status").notNull().default("offered"),
    offeredAt: moment("offered_at").notNull().defaultNow(),
    requestedAt: moment("requested_at"),
    decidedAt: moment("decided_at"),
    decidedByUserId: uuid("decided_by_user_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    unique("access_requests_workspace_user_key").on(t.workspaceId, t.userId),
    index("access_requests_workspace_status_idx").on(t.workspaceId, t.status),
  ],
);

/** Each worker process says it is alive here; /healthz reads the latest beat. */
export const workerHeartbeats = pgTable("worker_heartbeats", {
  workerId: text("worker_id").primaryKey(),
  hostname: text("hostname").notNull(),
  pid: integer("pid").notNull(),
  startedAt: moment("started_at").notNull(),
  lastBeatAt: moment("last_beat_at").notNull(),
});

/**
 * Each Xero tenant's call budget, shared by every web and worker process:
 * Xero limits an app's connection to a tenant to 60 calls a minute, 5,000 a
 * day and 5 at once, and counts calls from all our processes together, so the
 * pacing state lives here rather than in any one process's memory.
 */
export const xeroRateBudgets = pgTable("xero_rate_budgets", {
  tenantId: text("tenant_id").primaryKey(),
  /** When each call of the rolling minute started (the oldest leaves the window first). */
  recentCallStarts: timestamp("recent_call_starts", { withTimezone: true }).array().notNull().default(sql`'{}'::timestamptz[]`),
  /** Xero asked for a pause (Retry-After on a 429) until then. */
  blockedUntil: moment("blocked_until"),
  /** Xero's X-Rate-Limit-Problem for that pause: minute, day, concurrent or appminute. */
  blockedBy: text("blocked_by"),
  /** The X-*-Remaining headers of the latest response, and when it came. */
  minuteRemaining: integer("minute_remaining"),
  dayRemaining: integer("day_remaining"),
  appMinuteRemaining: integer("app_minute_remaining"),
  remainingSeenAt: moment("remaining_seen_at"),
  updatedAt: updatedAt(),
});

/** A Xero call in flight (Xero allows 5 at once per tenant). Expires, so a crashed process frees its slot. */
export const xeroCallLeases = pgTable(
  "xero_call_leases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: text("tenant_id").notNull(),
    expiresAt: moment("expires_at").notNull(),
  },
  (t) => [index("xero_call_leases_tenant_idx").on(t.tenantId, t.expiresAt)],
);
