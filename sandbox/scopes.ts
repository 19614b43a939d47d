// Xero's OAuth scopes, and which of them open each Accounting API resource. Apps created after
// 2 March 2026 get granular scopes (accounting.invoices…); the broad accounting.transactions ones
// still work for older apps, so both are accepted.

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

const KNOWN_SCOPES = new Set<string>([...IDENTITY_SCOPES, ...ACCOUNTING_SCOPES]);

/** Xero asks which organisations to connect only when the app wants organisation data, not for "Sign in with Xero" alone. */
export function asksForOrganisationData(scopes: string[]): boolean {
  return scopes.some((scope) => !(IDENTITY_SCOPES as readonly string[]).includes(scope));
}

export function unknownScopes(scopes: string[]): string[] {
  return scopes.filter((scope) => !KNOWN_SCOPES.has(scope));
}

export type AccountingResource = "Invoices" | "CreditNotes" | "Payments" | "Contacts" | "Organisation";

/** Granted scopes any one of which allows the call. Credit notes belong to the invoices scope. */
export function scopesAllowing(resource: AccountingResource, write: boolean): string[] {
  const granular: Record<AccountingResource, string> = {
    Invoices: "accounting.invoices",
    CreditNotes: "accounting.invoices",
    Payments: "accounting.payments",
    Contacts: "accounting.contacts",
    Organisation: "accounting.settings",
  };
  const broad = resource === "Contacts" ? "accounting.contacts" : resource === "Organisation" ? "accounting.settings" : "accounting.transactions";
  const full = [granular[resource], broad];
  return write ? [...new Set(full)] : [...new Set([...full, ...full.map((scope) => `${scope}.read`)])];
}
