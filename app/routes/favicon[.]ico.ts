// Browsers ask for /favicon.ico whatever the page links to; send them to the SVG one.
import { redirect } from "@remix-run/node";

export const loader = () => redirect("/favicon.svg", { status: 301 });
