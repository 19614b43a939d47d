// The {{placeholders}} a reminder step's subject and message may use. Its own
// module so the schedule's rules (schedule.ts) and the composer (compose.tsx)
// share it without importing each other.
export const PLACEHOLDERS = ["contact_name", "invoice_number", "amount_due", "due_date", "days_overdue", "due_status", "business_name"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const PLACEHOLDER_PATTERN = /\{\{\s*([a-z_]+)\s*\}\}/g;

/** Placeholders in the text that Solido does not know, e.g. a typo like `{{amount}}`. */
export function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER_PATTERN)].map((match) => match[1]).filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
}

export function fillPlaceholders(text: string, values: Record<Placeholder, string>): string {
  return text.replace(PLACEHOLDER_PATTERN, (whole, name: string) => (name in values ? values[name as Placeholder] : whole));
}
