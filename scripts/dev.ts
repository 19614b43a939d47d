// `npm run dev`: the whole product on this machine, stopped cleanly by Ctrl-C.
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
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping Solido…");
    await stack.stop();
    process.exit(0);
  });
}
