// Why Solido would not connect an organisation, and what to do instead.
import { Form } from "@remix-run/react";
import type { Refusal } from "~/xero/consent.server";
import { Button, LinkButton } from "./button";
import { CenteredPage } from "./centered-page";

export type RefusalView = {
  reason: Refusal;
  organisationName: string | null;
  connectedBy: string | null;
  workspaceSlug: string | null;
};

function RefusalText({ view }: { view: RefusalView }) {
  const organisation = view.organisationName ?? "This organisation";
  switch (view.reason) {
    case "organisation-taken":
      return (
        <p>
          <strong>{organisation}</strong> is already connected to Solido
          {view.connectedBy ? (
            <>
              {" "}
              by <strong>{view.connectedBy}</strong>
            </>
          ) : null}
          . Each Xero organisation has one Solido workspace — ask them to invite you to it.
        </p>
      );
    case "no-organisation":
      return <p>You didn't choose a Xero organisation, so there was nothing to connect. Try again and tick the organisation you want Solido to work with.</p>;
    case "different-organisation":
      return (
        <p>
          This workspace holds <strong>{organisation}</strong>'s invoices, so it can only be reconnected to that organisation. Choose{" "}
          <strong>{organisation}</strong> at Xero, or create a new workspace for the other organisation.
        </p>
      );
    case "different-xero-user":
      return <p>You signed in to Xero as a different person from the one signed in to Solido. Sign in to Xero with your own login and try again.</p>;
    case "not-admin":
      return <p>Only the workspace's owners and admins can connect it to Xero. Ask one of them to do it.</p>;
    case "organisation-gone":
      return <p>{organisation} is no longer connected on Xero's side. Try again and choose it at Xero.</p>;
  }
}

export function RefusalPage({ refusal }: { refusal: RefusalView }) {
  return (
    <CenteredPage title="We couldn't connect that organisation">
      <RefusalText view={refusal} />
      <div className="flex flex-wrap gap-3">
        {refusal.workspaceSlug ? (
          <LinkButton to={`/w/${refusal.workspaceSlug}`}>Go to your workspace</LinkButton>
        ) : (
          <LinkButton to="/workspaces/new">Create a workspace</LinkButton>
        )}
        <Form method="post" action="/logout">
          <Button type="submit" variant="secondary">
            Sign out
          </Button>
        </Form>
      </div>
    </CenteredPage>
  );
}
