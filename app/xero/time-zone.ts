// Xero names an organisation's time zone the Windows way, upper-cased without
// spaces ("NEWZEALANDSTANDARDTIME"); reminders need the IANA zone
// ("Pacific/Auckland"). windows-iana carries the CLDR mapping.
import { WINDOWS_TO_IANA_MAP, findIana } from "windows-iana";

const normalise = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]/g, "");

// Windows retired these two, so CLDR no longer lists them; Xero still may send them.
const byXeroName = new Map<string, string>([
  ["KAMCHATKASTANDARDTIME", "Asia/Kamchatka"],
  ["MIDATLANTICSTANDARDTIME", "Atlantic/South_Georgia"],
]);
for (const { windowsName } of WINDOWS_TO_IANA_MAP) {
  const [primary] = findIana(windowsName);
  if (primary && !byXeroName.has(normalise(windowsName))) byXeroName.set(normalise(windowsName), primary);
}

/** The IANA zone for Xero's Organisation.Timezone, or UTC when Xero gives none we know. */
export function ianaTimeZoneFromXero(xeroTimeZone: string | null | undefined): string {
  if (!xeroTimeZone) return "UTC";
  return byXeroName.get(normalise(xeroTimeZone)) ?? "UTC";
}
