// Sends an invitation's link by email, rendered once from emails/team-invite.
import { sendEmail, renderEmail, type SendEmailResult } from "~/server/email.server";
import { env } from "~/server/env.server";
import { formatDay, localeFor } from "~/display/format";
import { messageIdDomain } from "~/reminders/planner.server";
import TeamInvite from "~emails/team-invite";

export const invitationUrl = (token: string) => new URL(`/invites/${token}`, env().APP_URL).toString();

/**
 * A workspace's name, typed by whoever created it, with anything that reads
 * as a web address taken out: the email comes from Solido, and "Harbour
 * Coffee — account locked, see evil.example" must not put a link-looking
 * address in it. Mail clients turn bare domains into links, so those go too,
 * not only http(s)://.
 */
export function withoutWebAddresses(name: string) {
  const stripped = name
    .replace(/\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S*/gi, " ")
    .replace(/\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}\b(?:[/:?#]\S*)?/gi, " ")
    .replace(/\s{2,}/g, " ")
    .trim();
  return stripped || "a workspace";
}

export async function emailInvitation(input: {
  invitationId: string;
  token: string;
  to: string;
  role: "admin" | "viewer";
  inviterName: string;
  workspace: { name: string; countryCode: string | null };
  expiresAt: Date;
}): Promise<SendEmailResult> {
  const acceptUrl = invitationUrl(input.token);
  const workspaceName = withoutWebAddresses(input.workspace.name);
  const { html, text } = await renderEmail(
    <TeamInvite
      inviterName={input.inviterName}
      workspaceName={workspaceName}
      role={input.role}
      acceptUrl={acceptUrl}
      expiresOn={formatDay(input.expiresAt.toISOString().slice(0, 10), localeFor(input.workspace.countryCode), { day: "numeric", month: "long", year: "numeric" })}
    />,
  );
  return sendEmail({
    to: input.to,
    subject: `${input.inviterName} invited you to ${workspaceName} on Solido`,
    html,
    text,
    messageId: `<invitation-${input.invitationId}@${messageIdDomain()}>`,
  });
}
