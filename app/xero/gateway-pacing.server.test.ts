import { describe, expect, it } from "vitest";
import { BatchPacing } from "./gateway-pacing.server";

const limits = { perMinute: 60, minuteMs: 60_000 };

describe("a batch's pacing within Xero's minute", () => {
  it("makes every call at once when the batch fits in the minute", () => {
    const pacing = new BatchPacing(60, limits, 5, 0);
    expect(pacing.nextRound(0, 0)).toEqual({ waitMs: 0, wanted: 60 });
    expect(pacing.nextRound(55, 9_000)).toEqual({ waitMs: 0, wanted: 5 });
  });

  it("hurries the calls whose leaving the minute lets the last ones in, and spreads the rest of the minute's over its first half", () => {
    // 77 calls: call 60 + k waits for call k to leave the minute, so calls 0-16 decide when the batch ends.
    const pacing = new BatchPacing(77, limits, 5, 0);
    expect(pacing.nextRound(0, 0)).toEqual({ waitMs: 0, wanted: 17 });
    expect(pacing.nextRound(15, 1_000)).toEqual({ waitMs: 0, wanted: 2 });
    // Calls 17-59 (43: nine rounds) from 2 s, when the hurried ones are done, to 30 s.
    expect(pacing.nextRound(17, 2_000)).toEqual({ waitMs: 0, wanted: 5 });
    const spacing = 28_000 / 9;
    expect(pacing.nextRound(22, 2_300)).toEqual({ waitMs: 2_000 + spacing - 2_300, wanted: 5 });
    expect(pacing.nextRound(24, 2_000 + spacing)).toEqual({ waitMs: 0, wanted: 3 }); // a round that got fewer slots than it wanted
    expect(pacing.nextRound(57, 20_000)).toEqual({ waitMs: 2_000 + 8 * spacing - 20_000, wanted: 3 });
    // Past the minute's 60 the budget decides.
    expect(pacing.nextRound(60, 40_000)).toEqual({ waitMs: 0, wanted: 17 });
  });

  it("waits for nothing when the hurried calls took the first half of the minute", () => {
    const pacing = new BatchPacing(70, limits, 5, 0);
    pacing.nextRound(0, 0);
    expect(pacing.nextRound(10, 31_000)).toEqual({ waitMs: 0, wanted: 5 });
    expect(pacing.nextRound(40, 35_000)).toEqual({ waitMs: 0, wanted: 5 });
  });

  it("spreads nothing when every call of the first minute decides the end", () => {
    const pacing = new BatchPacing(130, limits, 5, 0);
    expect(pacing.nextRound(0, 0)).toEqual({ waitMs: 0, wanted: 130 });
    expect(pacing.nextRound(40, 3_000)).toEqual({ waitMs: 0, wanted: 90 });
  });
});
