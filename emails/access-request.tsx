// The email that tells a workspace's owners and admins someone who shares its
// Xero organisation asks to be let in, with the one link to Settings → Team.
import { Body, Container, Head, Html, Preview, Section, Text } from "@react-email/components";
import { PayButton, styles } from "./theme";

export type AccessRequestProps = {
  requesterName: string;
  requesterEmail: string;
  workspaceName: string;
  teamUrl: string;
};

export default function AccessRequest({ requesterName, requesterEmail, workspaceName, teamUrl }: AccessRequestProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{`${requesterName} asks to join ${workspaceName} on Solido`}</Preview>
      <Body style={{ backgroundColor: "#f4f4f5", fontFamily: "Helvetica, Arial, sans-serif", padding: "24px 0" }}>
        <Container style={{ backgroundColor: "#ffffff", borderRadius: "8px", padding: "32px", maxWidth: "560px" }}>
          <Text style={{ ...styles.paragraph, fontSize: "20px", fontWeight: 700 }}>{requesterName} asks to join {workspaceName}</Text>
          <Text style={styles.paragraph}>
            {requesterName} ({requesterEmail}) signed in to Solido with Xero and chose {workspaceName}, which Xero lets them reach. They
            asked to be let into its Solido workspace.
          </Text>
          <Section style={{ margin: "24px 0" }}>
            <PayButton href={teamUrl} accentColour="#0f766e">
              Review the request
            </PayButton>
          </Section>
          <Text style={styles.muted}>
            Approve or decline it in Settings → Team. Nothing changes until an owner or admin decides. If you don't know them, decline.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

AccessRequest.PreviewProps = {
  requesterName: "Sam Sharer",
  requesterEmail: "sam@solido.test",
  workspaceName: "Harbour Coffee Roasters",
  teamUrl: "http://localhost:3000/w/harbour-coffee-roasters/settings/team",
} satisfies AccessRequestProps;
