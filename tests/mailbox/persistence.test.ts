import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { startMailbox } from "../../mailbox/server";
import { sendTestMail } from "./send";

let storageDir: string;
beforeEach(async () => {
  storageDir = await fs.mkdtemp(path.join(os.tmpdir(), "solido-mailbox-"));
});
afterEach(() => fs.rm(storageDir, { recursive: true, force: true }));

it("reloads messages kept on disk when it restarts", async () => {
  const first = await startMailbox({ smtpPort: 0, httpPort: 0, storageDir });
  await sendTestMail(first.smtpUrl, { subject: "older", to: "pat@customer.test" });
  await sendTestMail(first.smtpUrl, { subject: "newer", bcc: "sam@customer.test" });
  const before = await first.messages();
  await first.close();

  const second = await startMailbox({ smtpPort: 0, httpPort: 0, storageDir });
  try {
    const after = await second.messages();
    expect(after.map((message) => message.subject)).toEqual(["newer", "older"]);
    expect(after.map(({ raw: _raw, ...message }) => message)).toEqual(before.map(({ raw: _raw, ...message }) => message));
    expect(await second.messages({ to: "sam@customer.test" })).toHaveLength(1);
  } finally {
    await second.close();
  }
});

it("deletes the files of messages it clears or drops", async () => {
  const mailbox = await startMailbox({ smtpPort: 0, httpPort: 0, storageDir, maxMessages: 1 });
  try {
    await sendTestMail(mailbox.smtpUrl, { subject: "dropped" });
    await sendTestMail(mailbox.smtpUrl, { subject: "kept" });
    const [kept] = await mailbox.messages();
    expect((await fs.readdir(storageDir)).sort()).toEqual([`${kept.id}.eml`, `${kept.id}.json`]);

    await mailbox.clear();
    expect(await fs.readdir(storageDir)).toEqual([]);
  } finally {
    await mailbox.close();
  }
});
