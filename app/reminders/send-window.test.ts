import { describe, expect, it } from "vitest";
import { localParts, nextSendMoment, zonedInstant } from "./send-window";

describe("the send window's clock", () => {
  it("reads each instant in its own zone, whichever zone was asked before", () => {
    const instant = new Date("2025-06-10T22:30:00Z");
    expect(localParts(instant, "Pacific/Auckland")).toEqual({ day: "2025-06-11", hour: 10, weekday: 3 });
    expect(localParts(instant, "America/Los_Angeles")).toEqual({ day: "2025-06-10", hour: 15, weekday: 2 });
    expect(localParts(instant, "Pacific/Auckland")).toEqual({ day: "2025-06-11", hour: 10, weekday: 3 });
  });

  it("finds a local hour's instant on both sides of a daylight-saving change", () => {
    // Auckland leaves NZDT (+13) for NZST (+12) on 6 April 2025.
    expect(zonedInstant("2025-04-05", 9, "Pacific/Auckland").toISOString()).toBe("2025-04-04T20:00:00.000Z");
    expect(zonedInstant("2025-04-07", 9, "Pacific/Auckland").toISOString()).toBe("2025-04-06T21:00:00.000Z");
    expect(zonedInstant("2025-04-07", 9, "Europe/London").toISOString()).toBe("2025-04-07T08:00:00.000Z");
  });

  it("opens the next window at its first hour when asked after it closed", () => {
    const window = { timeZone: "Pacific/Auckland", startHour: 9, endHour: 17, weekdays: [1, 2, 3, 4, 5] };
    // Friday 18:00 in Auckland: the next window is Monday 9:00.
    expect(nextSendMoment(window, new Date("2025-06-13T06:00:00Z"))).toEqual({ at: new Date("2025-06-15T21:00:00Z"), open: false, day: "2025-06-16" });
  });
});
