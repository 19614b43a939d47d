// The organisation picker: the user granted several Xero organisations in one
// consent and chooses the one this workspace is for. The others are
// disconnected from Solido once they choose.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/http/auth.server";
import { Button, LinkButton } from "~/components/button";
import { CenteredPage } from "~/components/centered-page";
import { RefusalPage, type RefusalView } from "~/components/refusal-page";
import { startSession } from "~/http/session.server";
import { choosePendingOrganisation, pendingConsentChoices } from "~/xero/consent.server";
import { XeroAuthorizationError } from "~/xero/authorization.server";

export const meta: MetaFunction = () => [{ title: "Choose an organisation · Solido" }];

const Choice = z.object({ consent: z.uuid(), tenantId: z.string().min(1, "Choose an organisation.") });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const consentId = new URL(request.url).searchParams.get("consent") ?? "";
  const pending = z.uuid().safeParse(consentId).success ? await pendingConsentChoices(user.id, consentId) : undefined;
  if (!pending) return { expired: true as const, consentId, choices: [], journey: "signup" };
  return { expired: false as const, consentId, ...pending };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = Choice.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "Choose an organisation.", refusal: null }, { status: 400 });
  let outcome;
  try {
    outcome = await choosePendingOrganisation(user.id, parsed.data.consent, parsed.data.tenantId);
  } catch (error) {
    if (!(error instanceof XeroAuthorizationError)) throw error;
    return data({ error: "We couldn't reach Xero just now. Nothing was changed — please try again in a minute.", refusal: null }, { status: 503 });
  }
  if (!outcome) return data({ error: "This choice has expired. Please start again.", refusal: null }, { status: 400 });
  if (outcome.kind === "enter") {
    return startSession(request, user.id, `/w/${outcome.workspaceSlug}`, outcome.workspaceId, {
      kind: "success",
      message: "Connected to Xero. Your invoices are on their way.",
    });
  }
  if (outcome.kind === "refused") {
    const refusal: RefusalView = {
      reason: outcome.reason,
      organisationName: outcome.organisationName ?? null,
      connectedBy: outcome.connectedBy ?? null,
      workspaceSlug: outcome.workspaceSlug ?? null,
      access: outcome.access ?? null,
    };
    return data({ refusal }, { status: 409 });
  }
  return redirect("/");
}

export default function ChooseOrganisation() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  if (actionData && "refusal" in actionData && actionData.refusal) return <RefusalPage refusal={actionData.refusal} />;
  if (loaded.expired) {
    return (
      <CenteredPage title="This choice has expired">
        <p>For your security, the list of organisations from Xero is kept for 15 minutes. Please start again.</p>
        <LinkButton to="/signup" reloadDocument>
          Start again
        </LinkButton>
      </CenteredPage>
    );
  }
  const firstFree = loaded.choices.find((choice) => !choice.workspace);
  return (
    <CenteredPage title="Which organisation is this workspace for?" wide>
      <p>You gave Solido access to {loaded.choices.length} organisations. A workspace works with one; Solido gives up its access to the others as soon as you choose.</p>
      <Form method="post" className="space-y-4">
        <input type="hidden" name="consent" value={loaded.consentId} />
        <fieldset>
          <legend className="sr-only">Xero organisations</legend>
          <div className="space-y-2">
            {loaded.choices.map((choice) => (
              <label
                key={choice.tenantId}
                className="flex cursor-pointer items-start gap-3 rounded-md border border-slate-200 p-4 hover:bg-slate-50 has-[:checked]:border-teal-600 has-[:checked]:bg-teal-50"
              >
                <input
                  type="radio"
                  name="tenantId"
                  value={choice.tenantId}
                  defaultChecked={choice.tenantId === (firstFree ?? loaded.choices[0]).tenantId}
                  className="mt-1 h-4 w-4 accent-teal-700"
                />
                <span>
                  <span className="block font-semibold text-slate-900">{choice.tenantName}</span>
                  <span className="block text-sm text-slate-600">
                    {choice.workspace
                      ? choice.workspace.isMember
                        ? `Already your Solido workspace “${choice.workspace.name}” — choosing it takes you there.`
                        : "Already in Solido — choosing it lets you ask its owners for access."
                      : "Not in Solido yet — a new workspace will be created."}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        {actionData && "error" in actionData && actionData.error ? (
          <p role="alert" className="text-sm font-semibold text-red-700">
            {actionData.error}
          </p>
        ) : null}
        <Button type="submit" disabled={submitting} className="w-full">
          {submitting ? "Connecting…" : "Continue with this organisation"}
        </Button>
      </Form>
    </CenteredPage>
  );
}
