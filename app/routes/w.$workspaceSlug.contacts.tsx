import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireWorkspace } from "~/auth.server";
import { Card } from "~/components/card";
import { EmptyState } from "~/components/empty-state";
import { ContactsIcon } from "~/components/icons";
import { PageHeader } from "~/components/page-header";
import { countContacts } from "~/models/contacts.server";

export const meta: MetaFunction = () => [{ title: "Contacts · Solido" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace } = await requireWorkspace(request, params);
  return { contactCount: await countContacts(workspace.id) };
}

export default function Contacts() {
  const { contactCount } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Contacts" description="The customers your reminders go to, with the email addresses Xero holds for them." />
      {contactCount === 0 ? (
        <EmptyState icon={<ContactsIcon />} title="No contacts yet">
          Your customers appear here once Xero is connected. Solido uses the email address on each contact in Xero.
        </EmptyState>
      ) : (
        <Card className="p-6 text-sm text-slate-700">{contactCount} contacts copied from Xero.</Card>
      )}
    </>
  );
}
