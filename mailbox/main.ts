// `tsx mailbox/main.ts`: run the local mailbox on its own, keeping messages in
// .data/mailbox (or MAILBOX_STORAGE_DIR) across restarts.
import { DEFAULT_STORAGE_DIR, startMailbox } from "./server";

const mailbox = await startMailbox({
  storageDir: process.env.MAILBOX_STORAGE_DIR || DEFAULT_STORAGE_DIR,
  log: (line) => console.log(line),
});
console.log(`Mailbox SMTP   ${mailbox.smtpUrl}`);
console.log(`Mailbox web    ${mailbox.url}`);

let stopping = false;
async function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  console.log(`Mailbox stopping (${signal})`);
  await mailbox.close();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
