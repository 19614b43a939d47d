// Sends an invitation's link by email, rendered once from emails/team-invite.
import { sendEmail, renderEmail, type SendEmailResult } from "~/server/email.server";
import { env } from "~/server/env.server";
import { formatDay, localeFor } from "~/display/format";
import { messageIdDomain } from "~/reminders/planner.server";
import TeamInvite from "~emails/team-invite";

export const invitationUrl = (token: string) => new URL(`/invites/${token}`, env().APP_URL).toString();

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
  const { html, text } = await renderEmail(
    <TeamInvite
      inviterName={input.inviterName}
      workspaceName={input.workspace.name}
      role={input.role}
      acceptUrl={acceptUrl}
      expiresOn={formatDay(input.expiresAt.toISOString().slice(0, 10), localeFor(input.workspace.countryCode), { day: "numeric", month: "long", year: "numeric" })}
    />,
  );
  return sendEmail({
    to: input.to,
    subject: `${input.inviterName} invited you to ${input.workspace.name} on Solido`,
    html,
    text,
    messageId: `<invitation-${input.invitationId}@${messageIdDomain()}>`,
  });
}
