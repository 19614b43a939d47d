import { describe, expect, it } from "vitest";
import { LAST_DAY_OF_MONTH, nextStatementDate, statementDayInWords, statementDueOn } from "./schedule";

const WEEKDAYS = [1, 2, 3, 4, 5];

describe("the statement day", () => {
  it("is the setting's day of the month, or the month's last day (28 February, 30 April)", () => {
    expect(nextStatementDate("2026-02-10", LAST_DAY_OF_MONTH, [1, 2, 3, 4, 5, 6, 7])).toMatchObject({ period: "2026-02", sendOn: "2026-02-28" });
    expect(nextStatementDate("2026-04-01", LAST_DAY_OF_MONTH, [1, 2, 3, 4, 5, 6, 7])).toMatchObject({ period: "2026-04", sendOn: "2026-04-30" });
    expect(nextStatementDate("2026-04-16", 15, [1, 2, 3, 4, 5, 6, 7])).toMatchObject({ period: "2026-05", sendOn: "2026-05-15" });
  });

  it("moves to the next sending weekday, keeping its month, even across the month's end", () => {
    // 31 January 2026 is a Saturday: January's statement goes on Monday 2 February.
    expect(statementDueOn("2026-01-31", LAST_DAY_OF_MONTH, WEEKDAYS)).toBeNull();
    expect(statementDueOn("2026-02-02", LAST_DAY_OF_MONTH, WEEKDAYS)).toEqual({ period: "2026-01", scheduledOn: "2026-01-31", sendOn: "2026-02-02" });
    expect(nextStatementDate("2026-01-31", LAST_DAY_OF_MONTH, WEEKDAYS)).toMatchObject({ period: "2026-01", sendOn: "2026-02-02" });
    // 1 March 2026 is a Sunday.
    expect(statementDueOn("2026-03-02", 1, WEEKDAYS)).toMatchObject({ period: "2026-03" });
  });

  it("says the day in words", () => {
    expect([1, 2, 3, 11, 12, 13, 21, 22, 28, LAST_DAY_OF_MONTH].map(statementDayInWords)).toEqual([
      "the 1st", "the 2nd", "the 3rd", "the 11th", "the 12th", "the 13th", "the 21st", "the 22nd", "the 28th", "the last day",
    ]);
  });
});
