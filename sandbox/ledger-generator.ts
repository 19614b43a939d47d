// Fills an organisation with customers and sales invoices in the mix a real small business has:
// mostly paid, a tail of overdue ones, some due soon, partial payments, credit notes, voids and
// drafts, all dated relative to the organisation's today. Deterministic for a given seed.
import type { OrganisationBook } from "./books";
import type { Contact, EpochMs, IsoDate } from "./model";
import type { Random } from "./random";
import { addDays } from "./timezones";

const FIRST_NAMES = ["Aroha", "Ben", "Chloe", "Daniel", "Emma", "Finn", "Grace", "Hemi", "Isla", "Jack", "Kiri", "Liam", "Mia", "Noah", "Olivia", "Priya", "Quinn", "Ruby", "Sione", "Tama", "Ursula", "Vikram", "Wiremu", "Xin", "Yasmin", "Zoe"];
const LAST_NAMES = ["Anderson", "Brown", "Chen", "Davies", "Edwards", "Fraser", "Gupta", "Harris", "Ihaka", "Jones", "Kumar", "Lee", "Martin", "Ngata", "O'Brien", "Patel", "Robinson", "Smith", "Taylor", "Walker", "Wilson", "Young"];
const PLACES = ["Harbourside", "Ponsonby", "Kingsland", "Mt Eden", "Parnell", "Devonport", "Karangahape", "Grey Lynn", "Newmarket", "Takapuna", "Onehunga", "Remuera", "Sandringham", "Herne Bay", "Petone", "Cuba Street", "Lyttelton", "Riccarton", "Thorndon", "Dunedin"];
const TRADES = ["Café", "Espresso Bar", "Bakery", "Eatery", "Kitchen", "Deli", "Bistro", "Roastery Cart", "Food Co", "Canteen", "Coffee House", "Brunch Club"];
const PRODUCTS: Array<[string, number]> = [
  ["Espresso blend, 1 kg", 42.5],
  ["Single origin Ethiopia, 1 kg", 58],
  ["Decaf Swiss water, 1 kg", 49.9],
  ["Cold brew concentrate, 5 L", 85],
  ["Barista training session", 180],
  ["Grinder service", 145],
  ["Oat milk, carton of 12", 38.4],
  ["Takeaway cups, box of 1000", 96.75],
  ["Espresso machine lease (monthly)", 320],
  ["Filter papers, pack of 500", 24.95],
];

export type InvoiceScenario = "paid" | "overdue" | "dueSoon" | "notYetDue" | "partial" | "credited" | "voided" | "draft";

/** Share of each scenario in a generated ledger, in the order they are drawn. */
export const SCENARIO_MIX: Array<[InvoiceScenario, number]> = [
  ["paid", 0.45],
  ["overdue", 0.22],
  ["dueSoon", 0.1],
  ["notYetDue", 0.08],
  ["partial", 0.07],
  ["credited", 0.04],
  ["voided", 0.025],
  ["draft", 0.015],
];

export interface GeneratedCustomerOptions {
  /** Fraction of customers with no email address at all (reminders cannot reach them). */
  withoutEmail?: number;
  /** Foreign customers and the currency they are invoiced in. */
  foreignCurrencies?: string[];
  foreignShare?: number;
}

function slug(text: string): string {
  return text.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "");
}

export function generateCustomers(book: OrganisationBook, random: Random, count: number, options: GeneratedCustomerOptions = {}, at: EpochMs): Contact[] {
  const customers: Contact[] = [];
  const usedNames = new Set<string>();
  for (let index = 0; index < count; index++) {
    let name = `${random.pick(PLACES)} ${random.pick(TRADES)}`;
    if (usedNames.has(name)) name = `${name} ${index + 1}`;
    usedNames.add(name);
    const firstName = random.pick(FIRST_NAMES);
    const lastName = random.pick(LAST_NAMES);
    const hasEmail = !random.chance(options.withoutEmail ?? 0.05);
    const domain = `${slug(name)}.example`;
    const foreign = options.foreignCurrencies?.length && random.chance(options.foreignShare ?? 0) ? random.pick(options.foreignCurrencies) : undefined;
    const accountsPerson = hasEmail && random.chance(0.3);
    customers.push(
      book.addContact({
        id: random.uuid(),
        name,
        firstName,
        lastName,
        emailAddress: hasEmail ? `${slug(firstName)}@${domain}` : "",
        contactPersons: accountsPerson
          ? [{ firstName: "Accounts", lastName: "Payable", emailAddress: `accounts@${domain}`, includeInEmails: random.chance(0.7) }]
          : [],
        accountNumber: `CUST-${String(index + 1).padStart(5, "0")}`,
        phone: `0${random.int(3, 9)} ${random.int(200, 999)} ${random.int(1000, 9999)}`,
        defaultCurrency: foreign,
        updatedAt: at - random.int(30, 400) * 86_400_000,
      }),
    );
  }
  return customers;
}

function pickScenario(random: Random): InvoiceScenario {
  let roll = random.next();
  for (const [scenario, share] of SCENARIO_MIX) {
    if (roll < share) return scenario;
    roll -= share;
  }
  return "paid";
}

/**
 * The moment something happened on `day`, during business hours, never after now: one that
 * would be (today's, before its business hours) falls somewhere in the twelve hours before now.
 * Putting those in the last ten minutes instead stamped about a tenth of a large ledger (every
 * invoice dated today) within ten minutes, ~1,000 of 100k within the last minute, which is
 * more than a page of rows for an incremental sync's one-minute overlap to read again.
 */
function momentOn(day: IsoDate, random: Random, now: EpochMs): EpochMs {
  const ms = Date.parse(`${day}T00:00:00Z`) + random.int(8, 17) * 3_600_000 + random.int(0, 3_599_999);
  return Math.min(ms, now - random.int(1_000, 12 * 3_600_000));
}

const EXCHANGE_RATES: Record<string, number> = { AUD: 1.0785, USD: 0.5998, GBP: 0.4721, EUR: 0.5512, NZD: 1 };

export interface GenerateInvoicesOptions {
  scenario?: (index: number) => InvoiceScenario | undefined;
  maxLines?: number;
}

/** Adds `count` sales invoices spread over `customers`; returns them with the scenario each was given. */
export function generateInvoices(
  book: OrganisationBook,
  random: Random,
  customers: Contact[],
  count: number,
  now: EpochMs,
  options: GenerateInvoicesOptions = {},
): Array<{ invoiceId: string; scenario: InvoiceScenario }> {
  const today = book.today();
  const created: Array<{ invoiceId: string; scenario: InvoiceScenario }> = [];
  for (let index = 0; index < count; index++) {
    const scenario = options.scenario?.(index) ?? pickScenario(random);
    const contact = customers[random.int(0, customers.length - 1)];
    const terms = random.pick([7, 14, 20, 30]);
    let dueDate: IsoDate;
    switch (scenario) {
      case "overdue":
      case "credited":
        dueDate = addDays(today, -random.pick([1, 3, 8, 15, 29, 35, 47, 62, 75, 96, 120]));
        break;
      case "partial":
        dueDate = addDays(today, random.int(-60, 10));
        break;
      case "dueSoon":
        dueDate = addDays(today, random.int(0, 14));
        break;
      case "notYetDue":
      case "draft":
        dueDate = addDays(today, random.int(15, 45));
        break;
      default:
        dueDate = addDays(today, -random.int(5, 330));
    }
    const date = addDays(dueDate, -terms) > today ? today : addDays(dueDate, -terms);
    const currencyCode = contact.defaultCurrency ?? book.organisation.baseCurrency;
    const lines = random.int(1, options.maxLines ?? 4);
    const lineItems = Array.from({ length: lines }, () => {
      const [description, price] = random.pick(PRODUCTS);
      return { description, quantity: random.int(1, 12), unitAmount: price };
    });
    const invoice = book.addInvoice({
      id: random.uuid(),
      contactId: contact.id,
      reference: random.chance(0.6) ? `PO ${random.int(1000, 9999)}` : "",
      date,
      dueDate,
      status: scenario === "draft" ? "DRAFT" : "AUTHORISED",
      currencyCode,
      currencyRate: EXCHANGE_RATES[currencyCode] ?? 1,
      lineItems,
      updatedAt: momentOn(date, random, now),
    });
    created.push({ invoiceId: invoice.id, scenario });
    switch (scenario) {
      case "paid": {
        const paidOn = addDays(date, random.int(0, terms + 10));
        const day = paidOn > today ? today : paidOn;
        book.recordPayment(invoice.id, { id: random.uuid(), date: day, updatedAt: momentOn(day, random, now) });
        break;
      }
      case "partial": {
        const share = random.int(20, 70) / 100;
        const day = date;
        book.recordPayment(invoice.id, { id: random.uuid(), amount: (Math.round(invoice.total * share) / 100).toFixed(2), date: day, updatedAt: momentOn(day, random, now) });
        break;
      }
      case "credited": {
        const creditShare = random.chance(0.3) ? 1 : random.int(10, 60) / 100;
        const creditCents = Math.max(1, Math.round(invoice.subTotal * creditShare));
        const creditNote = book.addCreditNote({
          id: random.uuid(),
          contactId: contact.id,
          date,
          currencyCode,
          reference: `Credit for ${invoice.number}`,
          lineItems: [{ description: "Credit: damaged stock", unitAmount: (creditCents / 100).toFixed(2) }],
          updatedAt: momentOn(date, random, now),
        });
        const credit = Math.min(book.remainingCredit(creditNote), book.amountDue(invoice));
        book.allocateCreditNote(creditNote.id, invoice.id, { amount: (credit / 100).toFixed(2), date, updatedAt: momentOn(date, random, now) });
        break;
      }
      case "voided":
        book.voidInvoice(invoice.id);
        invoice.updatedAt = momentOn(addDays(date, 1) > today ? today : addDays(date, 1), random, now);
        break;
    }
  }
  return created;
}

/**
 * Money customers paid that is not for one invoice, and invoices with nothing to pay, drawn from a
 * random of their own so the invoices generated before keep their ids and amounts:
 * - some open invoices settled by an overpayment (the customer paid more; what is left stays on
 *   their account) or by a prepayment (paid before the invoice was raised) — AmountDue 0, PAID;
 * - some customers with an overpayment or prepayment not yet allocated (credit on the account);
 * - some drafts approved at a total of zero (a free replacement), which Xero makes PAID at once.
 */
export function addPaymentCredits(book: OrganisationBook, random: Random, customers: Contact[], now: EpochMs, share = 0.02): void {
  const today = book.today();
  for (const invoice of [...book.invoices.values()]) {
    const due = book.amountDue(invoice);
    if (invoice.status === "DRAFT" && random.chance(0.1)) {
      book.updateInvoice(invoice.id, { status: "AUTHORISED", lineItems: [{ description: "Replacement under warranty", unitAmount: 0 }] });
      invoice.updatedAt = momentOn(invoice.date, random, now);
      continue;
    }
    if (invoice.status !== "AUTHORISED" || due <= 0 || !random.chance(share)) continue;
    const kind = random.chance(0.5) ? "OVERPAYMENT" : "PREPAYMENT";
    const date = kind === "OVERPAYMENT" ? (invoice.dueDate > today ? today : invoice.dueDate) : invoice.date;
    const extra = kind === "OVERPAYMENT" ? random.int(1, 50) * 100 : 0;
    const credit = book.addPaymentCredit(kind, {
      id: random.uuid(),
      contactId: invoice.contactId,
      amount: ((due + extra) / 100).toFixed(2),
      currencyCode: invoice.currencyCode,
      reference: kind === "OVERPAYMENT" ? `Overpaid ${invoice.number}` : `Deposit for ${invoice.number}`,
      date,
      updatedAt: momentOn(date, random, now),
    });
    book.allocatePaymentCredit(kind, credit.id, invoice.id, { id: random.uuid(), date, updatedAt: momentOn(date, random, now) });
  }
  for (const contact of customers) {
    if (contact.status !== "ACTIVE" || !random.chance(share / 2)) continue;
    const date = addDays(today, -random.int(1, 60));
    book.addPaymentCredit(random.chance(0.5) ? "OVERPAYMENT" : "PREPAYMENT", {
      id: random.uuid(),
      contactId: contact.id,
      amount: (random.int(20, 400) + random.int(0, 99) / 100).toFixed(2),
      currencyCode: contact.defaultCurrency ?? book.organisation.baseCurrency,
      reference: "Received with no invoice",
      date,
      updatedAt: momentOn(date, random, now),
    });
  }
}
