// Organisations with tens of thousands of invoices, for benchmarks: generated from a seed in a
// few seconds rather than stored, so the development state file stays small.
import { OrganisationBook } from "./books";
import { addPaymentCredits, generateCustomers, generateInvoices } from "./ledger-generator";
import type { EpochMs } from "./model";
import { newId, seededRandom } from "./random";

export interface LargeOrganisationSpec {
  name: string;
  contacts: number;
  invoices: number;
  seed: number;
  /**
   * Fixed when the sandbox regenerates a stored organisation, so its tenant id survives a restart.
   * Otherwise a fresh id: Xero's organisation ids are unique, and two organisations generated from
   * one seed (two journeys, one sandbox) must not become one tenant.
   */
  id?: string;
}

export function generateLargeOrganisation(spec: LargeOrganisationSpec, now: EpochMs): OrganisationBook {
  const random = seededRandom(spec.seed);
  random.uuid(); // the id the seed once chose, still drawn so one seed always yields the same ledger
  const book = new OrganisationBook(
    {
      id: spec.id ?? newId(),
      name: spec.name,
      legalName: `${spec.name} Limited`,
      shortCode: `!L${spec.seed.toString(36).slice(-4)}`,
      baseCurrency: "NZD",
      countryCode: "NZ",
      timezone: "NEWZEALANDSTANDARDTIME",
      version: "NZ",
      createdAt: now - 10 * 365 * 86_400_000,
    },
    () => now,
  );
  book.mintId = random.uuid;
  const customers = generateCustomers(book, random, spec.contacts, { withoutEmail: 0.03, foreignCurrencies: ["AUD", "USD"], foreignShare: 0.05 }, now);
  // Two line items at most: large orgs exist to measure sync volume, not line detail.
  generateInvoices(book, random, customers, spec.invoices, now, { maxLines: 2 });
  addPaymentCredits(book, seededRandom(spec.seed + 0x0ca5), customers, now);
  return book;
}
