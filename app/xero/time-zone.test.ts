import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ianaTimeZoneFromXero } from "./time-zone";

// Xero's specification sits in shared/, beside the repository.
const spec = parse(fs.readFileSync(new URL("../../../shared/xero-openapi/xero_accounting.yaml", import.meta.url), "utf8"));
const xeroTimeZones: string[] = spec.components.schemas.TimeZone.enum;

describe("Xero time zones", () => {
  it("maps the zones of Xero's demo organisations", () => {
    expect(ianaTimeZoneFromXero("NEWZEALANDSTANDARDTIME")).toBe("Pacific/Auckland");
    expect(ianaTimeZoneFromXero("GMTSTANDARDTIME")).toBe("Europe/London");
    expect(ianaTimeZoneFromXero("PACIFICSTANDARDTIME")).toBe("America/Los_Angeles");
    expect(ianaTimeZoneFromXero("AUSEASTERNSTANDARDTIME")).toBe("Australia/Sydney");
  });

  it("maps every zone in Xero's specification to a zone this runtime knows", () => {
    const unmapped = xeroTimeZones.filter((zone) => ianaTimeZoneFromXero(zone) === "UTC" && !/^UTC|^GREENWICH/.test(zone));
    expect(unmapped).toEqual([]);
    for (const zone of xeroTimeZones) {
      expect(() => new Intl.DateTimeFormat("en", { timeZone: ianaTimeZoneFromXero(zone) })).not.toThrow();
    }
  });

  it("falls back to UTC when Xero gives nothing", () => {
    expect(ianaTimeZoneFromXero(undefined)).toBe("UTC");
  });
});
