// Xero's OAuth scopes, and which of them open each Accounting API resource. Apps created on or
// after 2 March 2026 get granular scopes only (accounting.invoices…); the broad
// accounting.transactions ones still work for older apps until September 2027.

export const IDENTITY_SCOPES = ["openid", "profile", "email", "offline_access"] as const;

export const ACCOUNTING_SCOPES = [
  "accounting.transactions",
  "accounting.transactions.read",
  "accounting.invoices",
  "accounting.invoices.read",
  "accounting.payments",
  "accounting.payments.read",
  "accounting.contacts",
  "accounting.contacts.read",
  "accounting.settings",
  "accounting.settings.read",
] as const;

/**
 * The broad scopes Xero retired: "Apps created on or after 2 March 2026 will use the new granular
 * scopes"; older apps may keep them until September 2027 (developer.xero.com/faq/granular-scopes;
 * the full mapping in apideck.com/blog/xero-scopes). accounting.reports.read is retired too, but
 * the sandbox does not know it at all.
 */
export const RETIRED_BROAD_SCOPES = ["accounting.transactions", "accounting.transactions.read"];
export const GRANULAR_SCOPES_FROM = "2026-03-02";

/** Scopes an app created on `appCreatedOn` (YYYY-MM-DD) may no longer ask for. */
export function retiredScopes(scopes: string[], appCreatedOn: string): string[] {
  return appCreatedOn >= GRANULAR_SCOPES_FROM ? scopes.filter((scope) => RETIRED_BROAD_SCOPES.includes(scope)) : [];
}

const KNOWN_SCOPES = new Set<string>([...IDENTITY_SCOPES, ...ACCOUNTING_SCOPES]);

/** Xero asks which organisations to connect only when the app wants organisation data, not for "Sign in with Xero" alone. */
export function asksForOrganisationData(scopes: string[]): boolean {
  return scopes.some((scope) => !(IDENTITY_SCOPES as readonly string[]).includes(scope));
}

export function unknownScopes(scopes: string[]): string[] {
  return scopes.filter((scope) => !KNOWN_SCOPES.has(scope));
}

export type AccountingResource = "Invoices" | "CreditNotes" | "Payments" | "Overpayments" | "Prepayments" | "Contacts" | "ContactGroups" | "Organisation";

/**
 * Granted scopes any one of which allows the call. Credit notes belong to the invoices scope.
 * Overpayments and prepayments sit with Payments under the broad accounting.transactions
 * (developer.xero.com/documentation/oauth2/scopes lists "Overpayments, … Payments, Prepayments");
 * of the granular scopes, the sandbox gives them to accounting.payments, as it does Payments.
 * Contact groups go with contacts ("accounting.contacts: … contacts and contact groups",
 * developer.xero.com/documentation/guides/oauth2/scopes).
 */
export function scopesAllowing(resource: AccountingResource, write: boolean): string[] {
  const granular: Record<AccountingResource, string> = {
    Invoices: "accounting.invoices",
    CreditNotes: "accounting.invoices",
    Payments: "accounting.payments",
    Overpayments: "accounting.payments",
    Prepayments: "accounting.payments",
    Contacts: "accounting.contacts",
    ContactGroups: "accounting.contacts",
    Organisation: "accounting.settings",
  };
  const broad = resource === "Contacts" || resource === "ContactGroups" ? "accounting.contacts" : resource === "Organisation" ? "accounting.settings" : "accounting.transactions";
  const full = [granular[resource], broad];
  return write ? [...new Set(full)] : [...new Set([...full, ...full.map((scope) => `${scope}.read`)])];
}
