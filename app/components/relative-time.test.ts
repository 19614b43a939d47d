import { describe, expect, it } from "vitest";
import { exactTime, relativeTime } from "./relative-time";

describe("exactTime", () => {
  it("gives the moment in the organisation's time zone, naming the zone", () => {
    const at = new Date("2025-06-12T01:30:00Z");
    expect(exactTime(at, "Pacific/Auckland")).toBe("12 Jun 2025, 13:30 GMT+12");
    expect(exactTime(at, "Europe/London")).toBe("12 Jun 2025, 02:30 BST");
  });
});

describe("relativeTime", () => {
  it("says how long ago in words", () => {
    const now = new Date("2025-06-12T12:00:00Z");
    expect(relativeTime(new Date("2025-06-12T11:48:00Z"), now)).toBe("12 minutes ago");
    expect(relativeTime(new Date("2025-06-12T11:59:40Z"), now)).toBe("just now");
  });
});
