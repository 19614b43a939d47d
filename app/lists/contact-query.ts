// The Contacts page's view as URL parameters (search, state, keyset cursor).
import { z } from "zod";
import { searchFor } from "./url-query";

export const CONTACT_STATES = ["all", "owing", "ok", "no_email", "bouncing", "paused", "archived"] as const;

const contactQuerySchema = z.object({
  q: z.string().trim().max(100).catch("").default(""),
  state: z.enum(CONTACT_STATES).catch("all").default("all"),
  after: z.string().max(600).optional().catch(undefined),
  before: z.string().max(600).optional().catch(undefined),
});

export type ContactQuery = z.infer<typeof contactQuerySchema>;

export const parseContactQuery = (search: URLSearchParams): ContactQuery => contactQuerySchema.parse(Object.fromEntries(search));

const DEFAULTS: Partial<ContactQuery> = { q: "", state: "all" };

export const contactSearch = (query: ContactQuery, changes: Partial<ContactQuery> = {}) => searchFor(query, DEFAULTS, changes);

/** The words and badge tone for each reminder state of a customer. */
export const CONTACT_STATE_BADGE = {
  ok: { label: "OK", tone: "success" },
  no_email: { label: "No email", tone: "warning" },
  bouncing: { label: "Email bouncing", tone: "danger" },
  paused: { label: "Paused", tone: "warning" },
  archived: { label: "Archived in Xero", tone: "neutral" },
} as const;
