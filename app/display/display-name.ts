/** How Solido addresses a person: their name from Xero, or their email when Xero gave none. */
export function displayName(person: { givenName: string | null; familyName: string | null; email: string }) {
  return [person.givenName, person.familyName].filter(Boolean).join(" ") || person.email;
}

/** "Harbour Coffee Roasters’" and "Kiwi Plumbing Ltd’s": a name ending in s takes the apostrophe alone, never "Roasters's". */
export function possessive(name: string) {
  return /s$/i.test(name.trim()) ? `${name.trim()}’` : `${name.trim()}’s`;
}
