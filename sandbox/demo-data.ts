// The demo world a newcomer signs in to: three users and three organisations shaped like Xero's
// Demo Company, with fixed ids so tests and the app's fixtures can name them.
import { OrganisationBook } from "./books";
import { addPaymentCredits, generateCustomers, generateInvoices } from "./ledger-generator";
import type { DemoUser, EpochMs, Organisation } from "./model";
import { seededRandom } from "./random";
import { addDays } from "./timezones";

export const DEMO_ORGANISATIONS = {
  harbour: {
    id: "6f1c8a52-3b1e-4f7a-9d42-0c5e8b7a1d01",
    name: "Harbour Coffee Roasters",
    legalName: "Harbour Coffee Roasters Limited",
    shortCode: "!hCr42",
    baseCurrency: "NZD",
    countryCode: "NZ",
    timezone: "NEWZEALANDSTANDARDTIME",
    version: "NZ",
  },
  kiwi: {
    id: "9a4e2d17-8c63-4b0f-a5e1-2f7d3c9b6e02",
    name: "Kiwi Plumbing Ltd",
    legalName: "Kiwi Plumbing Limited",
    shortCode: "!kPl07",
    baseCurrency: "NZD",
    countryCode: "NZ",
    timezone: "NEWZEALANDSTANDARDTIME",
    version: "NZ",
  },
  solo: {
    id: "c3b7f0e4-1d29-4a8c-b6f5-7e0a9d2c4f03",
    name: "Solo Studio",
    legalName: "Solo Studio Ltd",
    shortCode: "!sSt19",
    baseCurrency: "GBP",
    countryCode: "GB",
    timezone: "GMTSTANDARDTIME",
    version: "UK",
  },
} as const;

export const DEMO_USERS: DemoUser[] = [
  {
    id: "2b8f4c1e-6a3d-4e9b-8f70-1c2d3e4f5a01",
    email: "demo@solido.test",
    givenName: "Dana",
    familyName: "Demo",
    organisationIds: [DEMO_ORGANISATIONS.harbour.id, DEMO_ORGANISATIONS.kiwi.id],
  },
  {
    id: "7d3e9a2b-4c5f-4a61-9b8e-2d3f4a5b6c02",
    email: "sam@solido.test",
    givenName: "Sam",
    familyName: "Sharer",
    organisationIds: [DEMO_ORGANISATIONS.harbour.id],
  },
  {
    id: "e5a1c7d9-2f4b-4c83-a6d0-3e4f5a6b7c03",
    email: "solo@solido.test",
    givenName: "Sol",
    familyName: "Solo",
    organisationIds: [DEMO_ORGANISATIONS.solo.id],
  },
];

function organisation(profile: (typeof DEMO_ORGANISATIONS)[keyof typeof DEMO_ORGANISATIONS], now: EpochMs): Organisation {
  return { ...profile, createdAt: now - 3 * 365 * 86_400_000 };
}

function harbourCoffeeRoasters(seed: number, now: EpochMs): OrganisationBook {
  const book = new OrganisationBook(organisation(DEMO_ORGANISATIONS.harbour, now), () => now);
  const random = seededRandom(seed);
  book.mintId = random.uuid;
  const customers = generateCustomers(book, random, 40, { withoutEmail: 0.05, foreignCurrencies: ["AUD", "USD"], foreignShare: 0.1 }, now);
  // Guarantee the cases Solido must handle regardless of how the dice fell.
  const withoutEmail = customers.slice(0, 3);
  for (const contact of withoutEmail) Object.assign(contact, { emailAddress: "", contactPersons: [] });
  customers[3].defaultCurrency = "AUD";
  customers[4].defaultCurrency = "USD";
  generateInvoices(book, random, customers, 150, now);
  const today = book.today();
  // An overdue invoice for each customer without an email address.
  for (const contact of withoutEmail) {
    book.addInvoice({
      id: random.uuid(),
      contactId: contact.id,
      date: addDays(today, -40),
      dueDate: addDays(today, -20),
      lineItems: [{ description: "Espresso blend, 1 kg", quantity: 6, unitAmount: 42.5 }],
      updatedAt: now - 40 * 86_400_000,
    });
  }
  // A customer who still owes money but has been archived since.
  const archived = customers[customers.length - 1];
  book.addInvoice({
    id: random.uuid(),
    contactId: archived.id,
    date: addDays(today, -90),
    dueDate: addDays(today, -60),
    lineItems: [{ description: "Grinder service", unitAmount: 145 }],
    updatedAt: now - 90 * 86_400_000,
  });
  archived.status = "ARCHIVED";
  archived.updatedAt = now - 30 * 86_400_000;
  // An unallocated credit note sitting on a customer's account.
  book.addCreditNote({
    id: random.uuid(),
    contactId: customers[5].id,
    date: addDays(today, -12),
    reference: "Returned stock",
    lineItems: [{ description: "Returned: Decaf Swiss water, 1 kg", quantity: 2, unitAmount: 49.9 }],
    updatedAt: now - 12 * 86_400_000,
  });
  // Overpayments, prepayments and zero-total invoices, from a random of their own (the ids above stay put).
  const credits = seededRandom(seed + 0x0ca5);
  addPaymentCredits(book, credits, customers, now);
  // And each case once for certain: a zero-total invoice (PAID on approval)…
  book.addInvoice({
    id: credits.uuid(),
    contactId: customers[6].id,
    date: addDays(today, -5),
    dueDate: addDays(today, 15),
    reference: "Free replacement grinder burrs",
    lineItems: [{ description: "Grinder burrs, replaced under warranty", unitAmount: 0 }],
    updatedAt: now - 5 * 86_400_000,
  });
  // …an overdue invoice settled by an overpayment, $50 of which is left on the customer's account…
  const overpaid = book.addInvoice({
    id: credits.uuid(),
    contactId: customers[7].id,
    date: addDays(today, -30),
    dueDate: addDays(today, -10),
    lineItems: [{ description: "Cold brew concentrate, 5 L", quantity: 2, unitAmount: 85 }],
    updatedAt: now - 30 * 86_400_000,
  });
  const overpayment = book.addPaymentCredit("OVERPAYMENT", {
    id: credits.uuid(),
    contactId: customers[7].id,
    amount: (book.amountDue(overpaid) / 100 + 50).toFixed(2),
    reference: `Paid ${overpaid.number} twice over`,
    date: addDays(today, -8),
    updatedAt: now - 8 * 86_400_000,
  });
  book.allocatePaymentCredit("OVERPAYMENT", overpayment.id, overpaid.id, { id: credits.uuid(), date: addDays(today, -8), updatedAt: now - 8 * 86_400_000 });
  // …and a deposit (prepayment) not yet allocated to any invoice.
  book.addPaymentCredit("PREPAYMENT", {
    id: credits.uuid(),
    contactId: customers[8].id,
    amount: "250.00",
    reference: "Deposit for the espresso machine lease",
    date: addDays(today, -3),
    updatedAt: now - 3 * 86_400_000,
  });
  return book;
}

function smallOrganisation(profile: (typeof DEMO_ORGANISATIONS)["kiwi" | "solo"], seed: number, customers: number, invoices: number, now: EpochMs): OrganisationBook {
  const book = new OrganisationBook(organisation(profile, now), () => now);
  const random = seededRandom(seed);
  book.mintId = random.uuid;
  const contacts = generateCustomers(book, random, customers, { withoutEmail: 0 }, now);
  generateInvoices(book, random, contacts, invoices, now);
  return book;
}

/** The three demo organisations, dated relative to `now`. Same seed, same ids and amounts. */
export function demoOrganisations(seed: number, now: EpochMs): OrganisationBook[] {
  return [
    harbourCoffeeRoasters(seed, now),
    smallOrganisation(DEMO_ORGANISATIONS.kiwi, seed + 1, 8, 20, now),
    smallOrganisation(DEMO_ORGANISATIONS.solo, seed + 2, 6, 12, now),
  ];
}
