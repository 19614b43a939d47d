// The email that tells someone who asked to join a workspace that they are in.
import { Body, Container, Head, Html, Preview, Section, Text } from "@react-email/components";
import { PayButton, styles } from "./theme";

export type AccessGrantedProps = {
  approverName: string;
  workspaceName: string;
  role: "admin" | "viewer";
  workspaceUrl: string;
};

export default function AccessGranted({ approverName, workspaceName, role, workspaceUrl }: AccessGrantedProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{`You're in: ${workspaceName} on Solido`}</Preview>
      <Body style={{ backgroundColor: "#f4f4f5", fontFamily: "Helvetica, Arial, sans-serif", padding: "24px 0" }}>
        <Container style={{ backgroundColor: "#ffffff", borderRadius: "8px", padding: "32px", maxWidth: "560px" }}>
          <Text style={{ ...styles.paragraph, fontSize: "20px", fontWeight: 700 }}>You're in {workspaceName}</Text>
          <Text style={styles.paragraph}>
            {approverName} let you into {workspaceName} on Solido as {role === "admin" ? "an admin" : "a viewer"}.
          </Text>
          <Section style={{ margin: "24px 0" }}>
            <PayButton href={workspaceUrl} accentColour="#0f766e">
              Open {workspaceName}
            </PayButton>
          </Section>
          <Text style={styles.muted}>You'll sign in with your Xero account.</Text>
        </Container>
      </Body>
    </Html>
  );
}

AccessGranted.PreviewProps = {
  approverName: "Dana Demo",
  workspaceName: "Harbour Coffee Roasters",
  role: "viewer",
  workspaceUrl: "http://localhost:3000/w/harbour-coffee-roasters",
} satisfies AccessGrantedProps;
