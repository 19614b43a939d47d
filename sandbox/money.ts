// Money is held in integer cents inside the sandbox so AmountDue is exact; Xero's JSON carries
// decimal numbers with two places, produced only at the edge.

export type Cents = number;

export function toCents(amount: number | string): Cents {
  const value = typeof amount === "string" ? Number(amount) : amount;
  if (!Number.isFinite(value)) throw new Error(`Not an amount: ${amount}`);
  return Math.round(value * 100);
}

export function fromCents(cents: Cents): number {
  return Number((cents / 100).toFixed(2));
}

/** GST/VAT on a tax-exclusive amount, rounded half away from zero as Xero rounds line tax. */
export function taxOn(cents: Cents, ratePercent: number): Cents {
  return Math.round((cents * ratePercent) / 100);
}
