// Asynchronous bounces from Mailgun: a reminder the mail server accepted is
// refused later by the customer's server, and Mailgun posts a signed "failed"
// event. Only a refusal of the address itself marks the customer as bouncing;
// a policy refusal does not; an unsigned, stale or replayed event changes nothing.
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

const SIGNING_KEY = "mailgun-test-signing-key";
process.env.MAILGUN_WEBHOOK_SIGNING_KEY = SIGNING_KEY;
const { at, liveWorkspace, remindAt, startReminderWorld } = await import("../reminders/support");
const world = await startReminderWorld();
const { db } = await import("~/server/db.server");
const { contacts, reminderEmails } = await import("~db/schema");
const route = await import("~/routes/webhooks.mailgun");
const { callRoute } = await import("../support/sandbox-app");

const ZONE = "Pacific/Auckland";
const NOW = at("2025-06-11T10:00", ZONE);

type Sent = { contactId: string; messageId: string; address: string };
const sent: Record<string, Sent> = {};

beforeAll(async () => {
  const workspace = await liveWorkspace(world, { timeZone: ZONE });
  for (const name of ["Gone Ltd", "Policy Ltd", "Replay Ltd"]) {
    const address = `accounts@${name.split(" ")[0].toLowerCase()}.test`;
    const xeroContactId = await workspace.contact({ name, emailAddress: address });
    await workspace.invoice(xeroContactId, { dueDate: "2025-06-04", amount: "50.00" });
  }
  await workspace.sync();
  await remindAt(NOW);
  for (const email of await workspace.emails()) {
    expect(email.status).toBe("sent");
    sent[email.toAddress!] = { contactId: email.contactId, messageId: email.messageId, address: email.toAddress! };
  }
});

function signed(timestamp = Math.floor(Date.now() / 1000), token = crypto.randomBytes(25).toString("hex")) {
  return { timestamp: String(timestamp), token, signature: crypto.createHmac("sha256", SIGNING_KEY).update(`${timestamp}${token}`).digest("hex") };
}

function failedEvent(email: Sent, status: { code: number; message: string }, signature = signed()) {
  return {
    signature,
    "event-data": {
      event: "failed",
      severity: "permanent",
      recipient: email.address,
      // Mailgun gives the Message-ID without its angle brackets.
      message: { headers: { "message-id": email.messageId.replace(/^<|>$/g, "") } },
      "delivery-status": { code: status.code, message: status.message, description: "" },
    },
  };
}

const post = (body: unknown) =>
  callRoute(route.action, new Request("http://localhost/webhooks/mailgun", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));
const bouncing = async (contactId: string) => (await db.select({ since: contacts.emailBouncingSince }).from(contacts).where(eq(contacts.id, contactId)))[0].since;

describe("Mailgun's failed events", () => {
  it("mark the customer's address as bouncing when their server refused the address itself (5.1.1)", async () => {
    const email = sent["accounts@gone.test"];
    const response = await post(failedEvent(email, { code: 550, message: "5.1.1 The email account that you tried to reach does not exist" }));
    expect(response.status).toBe(200);
    expect(await bouncing(email.contactId)).not.toBeNull();
  });

  it("leave the address alone for a policy refusal (554 5.7.1): the sender's problem, not the customer's", async () => {
    const email = sent["accounts@policy.test"];
    const response = await post(failedEvent(email, { code: 554, message: "5.7.1 Message rejected due to local policy" }));
    expect(response.status).toBe(200);
    expect(await bouncing(email.contactId)).toBeNull();
  });

  it("are refused unsigned, signed with another key, stale, or replayed, and change nothing", async () => {
    const email = sent["accounts@replay.test"];
    const bounce = { code: 550, message: "5.1.1 No such user" };
    const forged = failedEvent(email, bounce, { ...signed(), signature: crypto.createHmac("sha256", "another-key").update("1").digest("hex") });
    expect((await post(forged)).status).toBe(401);
    const stale = failedEvent(email, bounce, signed(Math.floor(Date.now() / 1000) - 3600));
    expect((await post(stale)).status).toBe(401);
    expect((await post({ nonsense: true })).status).toBe(400);
    expect(await bouncing(email.contactId)).toBeNull();

    const genuine = failedEvent(email, bounce);
    expect((await post(genuine)).status).toBe(200);
    expect(await bouncing(email.contactId)).not.toBeNull();
    // The same signed event again (a replay within the window) is refused.
    expect((await post(genuine)).status).toBe(401);
  });

  it("say nothing about an email Solido did not send to that address", async () => {
    const email = sent["accounts@policy.test"];
    const response = await post(failedEvent({ ...email, address: "someone-else@policy.test" }, { code: 550, message: "5.1.1 No such user" }));
    expect(response.status).toBe(200);
    expect(await bouncing(email.contactId)).toBeNull();
    const [row] = await db.select({ status: reminderEmails.status }).from(reminderEmails).where(eq(reminderEmails.messageId, email.messageId));
    expect(row.status).toBe("sent");
  });
});
