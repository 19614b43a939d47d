// Sends test mail to a mailbox with nodemailer directly, so the mailbox's own
// tests don't depend on Solido's email facade.
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";

export async function sendTestMail(smtpUrl: string, message: Partial<Mail.Options> = {}) {
  const transport = nodemailer.createTransport(smtpUrl);
  try {
    return await transport.sendMail({
      from: "Sender <sender@example.test>",
      to: "Recipient <recipient@example.test>",
      subject: "Hello",
      text: "Hello in plain text",
      html: "<p>Hello in <b>HTML</b></p>",
      ...message,
    });
  } finally {
    transport.close();
  }
}
