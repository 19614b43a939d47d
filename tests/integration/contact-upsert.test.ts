// The sync's contact upsert: whatever text Xero holds in a contact (quotes,
// backslashes, braces, commas, the word NULL, in names and cc addresses) must
// arrive exactly, and a page written twice must change nothing the second time.
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { contacts } from "~db/schema";
import { db, sql } from "~/server/db.server";
import { upsertContacts, type ContactRecord } from "~/models/contacts.server";
import { createWorkspace } from "../support/dashboard-fixtures";

const contactRecord = (values: Partial<ContactRecord>): ContactRecord => ({
  xeroContactId: crypto.randomUUID(),
  name: "Kiwi Plumbing",
  emailAddress: "accounts@kiwi.test",
  ccEmailAddresses: [],
  status: "ACTIVE",
  isCustomer: true,
  xeroUpdatedAt: "2026-10-28T11:39:04.083Z",
  ...values,
});

describe("writing a page of Xero contacts", () => {
  it("keeps every character of Xero's text and every cc address, and writes nothing when the same page comes again", async () => {
    const { workspace } = await createWorkspace();
    const awkward = [
      contactRecord({ name: 'Ō\'Brien "Builders", {Ltd}\\', emailAddress: null, ccEmailAddresses: ['"quoted"@x.test', "a,b@x.test", "NULL"] }),
      contactRecord({ name: "NULL", emailAddress: "", ccEmailAddresses: [], status: "ARCHIVED", isCustomer: false }),
      contactRecord({ name: " spaced , out ", ccEmailAddresses: ["{braces}@x.test", "back\\slash@x.test"] }),
    ];
    expect(await sql.begin((tx) => upsertContacts(tx, workspace.id, awkward))).toEqual({ created: 3, updated: 0, unchanged: 0 });

    const rows = await db.select().from(contacts).where(eq(contacts.workspaceId, workspace.id));
    const byId = new Map(rows.map((row) => [row.xeroContactId, row]));
    for (const record of awkward) {
      expect(byId.get(record.xeroContactId)).toMatchObject({
        name: record.name,
        emailAddress: record.emailAddress,
        ccEmailAddresses: record.ccEmailAddresses,
        status: record.status,
        isCustomer: record.isCustomer,
        xeroUpdatedAt: new Date(record.xeroUpdatedAt),
      });
    }

    expect(await sql.begin((tx) => upsertContacts(tx, workspace.id, awkward))).toEqual({ created: 0, updated: 0, unchanged: 3 });
    const moved = { ...awkward[0], ccEmailAddresses: ["a,b@x.test"] };
    expect(await sql.begin((tx) => upsertContacts(tx, workspace.id, [moved]))).toEqual({ created: 0, updated: 1, unchanged: 0 });
  });

  it("keeps the stored cc addresses when Xero's answer did not carry contact persons, and takes the new name and email", async () => {
    const { workspace } = await createWorkspace();
    const stored = contactRecord({ ccEmailAddresses: ["mere@customer.test", "ops@customer.test"] });
    await sql.begin((tx) => upsertContacts(tx, workspace.id, [stored]));
    // An unpaged contact list leaves ContactPersons out: the record says "not known" (null), not "none".
    const withoutPersons = { ...stored, name: "Kiwi Plumbing Ltd", emailAddress: "pay@kiwi.test", ccEmailAddresses: null, xeroUpdatedAt: "2026-10-29T08:00:00.000Z" };
    expect(await sql.begin((tx) => upsertContacts(tx, workspace.id, [withoutPersons]))).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const [row] = await db.select().from(contacts).where(eq(contacts.xeroContactId, stored.xeroContactId));
    expect(row).toMatchObject({ name: "Kiwi Plumbing Ltd", emailAddress: "pay@kiwi.test", ccEmailAddresses: ["mere@customer.test", "ops@customer.test"] });
    // A contact first met without its persons starts with none.
    const fresh = contactRecord({ ccEmailAddresses: null });
    await sql.begin((tx) => upsertContacts(tx, workspace.id, [fresh]));
    const [freshRow] = await db.select().from(contacts).where(eq(contacts.xeroContactId, fresh.xeroContactId));
    expect(freshRow.ccEmailAddresses).toEqual([]);
  });
});
