import { describe, expect, it } from "vitest";
import { possessive } from "./display-name";

describe("possessive", () => {
  it("gives a name ending in s the apostrophe alone, never 'Roasters's'", () => {
    expect(possessive("Harbour Coffee Roasters")).toBe("Harbour Coffee Roasters’");
    expect(possessive("Kiwi Plumbing Ltd")).toBe("Kiwi Plumbing Ltd’s");
  });
});
