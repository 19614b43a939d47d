// Money, calendar days and moments as the organisation writes them: its
// country's locale and its time zone, never the server's or the browser's.
// Shared by loaders and components, so the server renders what the browser
// would, and hydration agrees.

// Building an Intl formatter costs far more than using one (tens of
// microseconds: locale data, option resolution), and a 50-row table formats
// hundreds of amounts and days per page: each formatter is built once per
// locale and options, then reused. The set is small (locales × currencies ×
// time zones in use); it is emptied if it ever grows past this.
const MAX_FORMATTERS = 1_000;
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const supportedLocales = new Map<string, string>();

function reuse<Formatter>(cache: Map<string, Formatter>, key: string, build: () => Formatter) {
  let formatter = cache.get(key);
  if (!formatter) {
    if (cache.size >= MAX_FORMATTERS) cache.clear();
    formatter = build();
    cache.set(key, formatter);
  }
  return formatter;
}

const numberFormat = (locale: string, options: Intl.NumberFormatOptions) =>
  reuse(numberFormats, `${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));
const dateTimeFormat = (locale: string, options: Intl.DateTimeFormatOptions) =>
  reuse(dateTimeFormats, `${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));

/** Xero gives a two-letter country; English is the language Solido speaks, the country picks the conventions. */
export function localeFor(countryCode: string | null | undefined) {
  if (!countryCode) return "en-GB";
  const candidate = `en-${countryCode.toUpperCase()}`;
  return reuse(supportedLocales, candidate, () => (Intl.NumberFormat.supportedLocalesOf(candidate).length ? candidate : "en-GB"));
}

/**
 * An exact decimal string (as Postgres numeric arrives) formatted in its
 * currency. Intl formats a decimal string without going through a float, so
 * 12345678901234.57 stays exact.
 */
export function formatMoney(amount: string, currencyCode: string, locale: string) {
  return numberFormat(locale, { style: "currency", currency: currencyCode }).format(amount as `${number}`);
}

/** A whole amount for headline figures (axis labels, totals in a tile's subtitle). */
export function formatMoneyRounded(amount: string, currencyCode: string, locale: string) {
  return numberFormat(locale, { style: "currency", currency: currencyCode, maximumFractionDigits: 0 }).format(amount as `${number}`);
}

/** A calendar day (YYYY-MM-DD) as the organisation writes it; it has no time zone, so it is read as UTC. */
export function formatDay(day: string, locale: string, options: Intl.DateTimeFormatOptions = { day: "numeric", month: "short", year: "numeric" }) {
  return dateTimeFormat(locale, { ...options, timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
}

/** A moment in the organisation's time zone, e.g. "3 Mar 2025, 14:05" (", NZDT" with the zone's name). */
export function formatMoment(at: string | Date, locale: string, timeZone: string, { withZoneName = false } = {}) {
  // Spelled out part by part: Intl refuses timeZoneName together with dateStyle/timeStyle.
  return dateTimeFormat(locale, {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
    ...(withZoneName ? { timeZoneName: "short" as const } : {}),
  }).format(new Date(at));
}

/** Today's calendar day where the organisation is (YYYY-MM-DD). */
export function todayIn(timeZone: string, now = new Date()) {
  // en-CA writes dates as YYYY-MM-DD.
  return dateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** Whole days from one calendar day to another (positive when `to` is later). */
export function daysBetween(from: string, to: string) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(day: string, days: number) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export const plural = (count: number, word: string, plural = `${word}s`) => `${count.toLocaleString("en")} ${count === 1 ? word : plural}`;

/** A phrase used as a label: its first letter capital. */
export const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "1,234 invoices", or "More than 10,000 invoices" when counting stopped at the limit. */
export const countWords = (count: number, limit: number, word: string) =>
  count > limit ? `More than ${limit.toLocaleString("en")} ${word}s` : plural(count, word);
