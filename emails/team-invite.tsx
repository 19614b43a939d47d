// The email that invites someone into a workspace: who invited them, to what,
// in which role, and the one link that lets them in (until it expires).
import { Body, Container, Head, Html, Preview, Section, Text } from "@react-email/components";
import { PayButton, styles } from "./theme";

export type TeamInviteProps = {
  inviterName: string;
  workspaceName: string;
  role: "admin" | "viewer";
  acceptUrl: string;
  /** Already formatted, e.g. "12 March 2025". */
  expiresOn: string;
};

const ROLE_WORDS = {
  admin: "an admin: you can change reminders, pause customers and invite others",
  viewer: "a viewer: you can see invoices, customers and reminders, but not change them",
} as const;

export default function TeamInvite({ inviterName, workspaceName, role, acceptUrl, expiresOn }: TeamInviteProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{`${inviterName} invited you to ${workspaceName} on Solido`}</Preview>
      <Body style={{ backgroundColor: "#f4f4f5", fontFamily: "Helvetica, Arial, sans-serif", padding: "24px 0" }}>
        <Container style={{ backgroundColor: "#ffffff", borderRadius: "8px", padding: "32px", maxWidth: "560px" }}>
          <Text style={{ ...styles.paragraph, fontSize: "20px", fontWeight: 700 }}>Join {workspaceName} on Solido</Text>
          <Text style={styles.paragraph}>
            {inviterName} invited you to {workspaceName}, where Solido keeps track of unpaid invoices and reminds customers to pay.
            You'll join as {ROLE_WORDS[role]}.
          </Text>
          <Section style={{ margin: "24px 0" }}>
            <PayButton href={acceptUrl} accentColour="#0f766e">
              Accept the invitation
            </PayButton>
          </Section>
          <Text style={styles.muted}>
            You'll sign in with your Xero account. The link works once and expires on {expiresOn}. If you weren't expecting
            this, ignore the email and nothing happens.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

TeamInvite.PreviewProps = {
  inviterName: "Aroha",
  workspaceName: "Harbour Coffee Roasters",
  role: "viewer",
  acceptUrl: "http://localhost:3000/invites/example-token",
  expiresOn: "12 March 2025",
} satisfies TeamInviteProps;
