// An unexpected console.error fails the test that caused it (STYLE.md: Tests).
// A test that expects one spies on console.error itself.
import { afterEach, beforeEach, vi } from "vitest";

let errors: unknown[][] = [];
beforeEach(() => {
  errors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    errors.push(args);
  });
});
afterEach(() => {
  vi.mocked(console.error).mockRestore?.();
  if (errors.length > 0) {
    const shown = errors.map((args) => args.map(String).join(" ")).join("\n");
    errors = [];
    throw new Error(`Unexpected console.error:\n${shown}`);
  }
});
