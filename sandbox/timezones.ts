// Xero names organisation time zones the Windows way (NEWZEALANDSTANDARDTIME); the sandbox needs
// the IANA zone to know which calendar day it is for the organisation.
import type { EpochMs, IsoDate } from "./model";

const WINDOWS_TO_IANA: Record<string, string> = {
  NEWZEALANDSTANDARDTIME: "Pacific/Auckland",
  AUSEASTERNSTANDARDTIME: "Australia/Sydney",
  GMTSTANDARDTIME: "Europe/London",
  EASTERNSTANDARDTIME: "America/New_York",
  PACIFICSTANDARDTIME: "America/Los_Angeles",
  UTC: "UTC",
};

export function ianaZone(xeroTimezone: string): string {
  return WINDOWS_TO_IANA[xeroTimezone] ?? "UTC";
}

/** The calendar day it is in the organisation's zone at `at`. */
export function organisationToday(xeroTimezone: string, at: EpochMs): IsoDate {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone: ianaZone(xeroTimezone), year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}
