import { expect, it } from "vitest";
import { startMailbox } from "../../mailbox/server";

it("names the port in use when another mailbox already holds it, and leaves nothing listening", async () => {
  const first = await startMailbox({ smtpPort: 0, httpPort: 0 });
  try {
    await expect(startMailbox({ smtpPort: first.smtpPort, httpPort: 0 })).rejects.toThrow(
      "The mailbox's SMTP port is in use (is another mailbox running?); set MAILBOX_SMTP_PORT to choose another",
    );
    await expect(startMailbox({ smtpPort: 0, httpPort: first.httpPort })).rejects.toThrow("set MAILBOX_HTTP_PORT");
  } finally {
    await first.close();
  }
});

it("refuses a MAILBOX_SMTP_PORT that is not a port number", async () => {
  process.env.MAILBOX_SMTP_PORT = "smtp";
  try {
    await expect(startMailbox({ httpPort: 0 })).rejects.toThrow('MAILBOX_SMTP_PORT must be a port number (0–65535), got "smtp"');
  } finally {
    delete process.env.MAILBOX_SMTP_PORT;
  }
});
