import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { endSession } from "~/http/session.server";

export async function action({ request }: ActionFunctionArgs) {
  return endSession(request);
}

export async function loader() {
  return redirect("/");
}
