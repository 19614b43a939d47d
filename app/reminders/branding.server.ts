// Who a workspace's reminders come from and where replies go.
import { eq } from "drizzle-orm";
import { users, workspaces, xeroConnections } from "~db/schema";
import { db } from "~/server/db.server";
import { env } from "~/server/env.server";
import type { Branding } from "~emails/theme";
import { localeFor } from "./compose";

type Workspace = typeof workspaces.$inferSelect;

export type Sender = {
  branding: Branding;
  locale: string;
  /** The configured sending address, with the business's name as display name. */
  from: { name: string; address: string };
  replyTo: string | null;
  /** Where a blind copy of every email to customers goes (Settings → Reminders), if anywhere. */
  blindCopy: string | null;
};

/** The address part of EMAIL_FROM ("Name <address>" or a bare address). */
export function sendingAddress(): string {
  const configured = env().EMAIL_FROM.trim();
  return /<([^<>]+)>\s*$/.exec(configured)?.[1] ?? configured;
}

export function businessName(workspace: Pick<Workspace, "senderName" | "xeroOrganisationName" | "name">): string {
  return workspace.senderName?.trim() || workspace.xeroOrganisationName || workspace.name;
}

/** The logo reminders show: an uploaded one at its public, immutable address under APP_URL, else the address the business gave, else none. */
export function logoUrlOf(workspace: Pick<Workspace, "id" | "logoSha256" | "logoUrl">): string | null {
  return workspace.logoSha256 ? `${env().APP_URL}/brand/logo/${workspace.id}/${workspace.logoSha256}` : workspace.logoUrl;
}

/**
 * Reply-To is the business's own address: the one set in Settings, else the
 * email of whoever connected Xero, so a customer's reply never lands in Solido.
 */
export async function senderFor(workspace: Workspace): Promise<Sender> {
  let replyTo = workspace.replyToEmail;
  if (!replyTo) {
    const [connectedBy] = await db
      .select({ email: users.email })
      .from(xeroConnections)
      .innerJoin(users, eq(users.id, xeroConnections.connectedByUserId))
      .where(eq(xeroConnections.workspaceId, workspace.id));
    replyTo = connectedBy?.email ?? null;
  }
  const name = businessName(workspace);
  return {
    branding: { businessName: name, logoUrl: logoUrlOf(workspace), accentColour: workspace.brandColour, replyToEmail: replyTo },
    locale: localeFor(workspace.countryCode),
    from: { name, address: sendingAddress() },
    replyTo,
    blindCopy: workspace.blindCopyEmail,
  };
}
