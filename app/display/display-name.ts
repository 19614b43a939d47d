/** How Solido addresses a person: their name from Xero, or their email when Xero gave none. */
export function displayName(person: { givenName: string | null; familyName: string | null; email: string }) {
  return [person.givenName, person.familyName].filter(Boolean).join(" ") || person.email;
}
