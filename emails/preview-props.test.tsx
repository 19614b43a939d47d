// `npm run email` (react-email's preview server) renders every template in
// this folder with its PreviewProps. This renders them the same way Solido
// sends mail, so a template whose sample data drifts from its props fails here
// rather than as a blank page in the preview.
import fs from "node:fs";
import path from "node:path";
import { createElement, type ComponentType } from "react";
import { describe, expect, it } from "vitest";
import { renderEmail } from "~/server/email.server";

type TemplateModule = { default?: ComponentType<any> & { PreviewProps?: Record<string, unknown> } };

const EMAILS_DIR = path.resolve("emails");
const modules = fs
  .readdirSync(EMAILS_DIR)
  .filter((file) => file.endsWith(".tsx") && !file.includes(".test."))
  .sort();
const loaded = await Promise.all(modules.map(async (file) => [file, (await import(/* @vite-ignore */ path.join(EMAILS_DIR, file))) as TemplateModule] as const));
// The preview server lists the files with a default export; the rest (the shared theme) are building blocks.
const templates = loaded.filter(([, module]) => typeof module.default === "function");

it("finds the templates the preview server will list, and only those", () => {
  expect(templates.map(([file]) => file)).toEqual(["access-granted.tsx", "access-request.tsx", "invoice-query.tsx", "reminder-several.tsx", "reminder-single.tsx", "statement.tsx", "team-invite.tsx"]);
});

describe.each(templates)("%s", (_file, module) => {
  const Template = module.default!;

  it("exports PreviewProps", () => {
    expect(Template.PreviewProps).toBeTypeOf("object");
  });

  it("renders its PreviewProps to HTML and plain text with every value filled in", async () => {
    const { html, text } = await renderEmail(createElement(Template, Template.PreviewProps));
    expect(html).toMatch(/^<!DOCTYPE html/i);
    expect(html).toContain("</html>");
    expect(text.length).toBeGreaterThan(100);
    // A prop the sample data forgot, once interpolated into a sentence, reads like this.
    expect(text).not.toMatch(/\b(undefined|null|NaN|\[object Object\])\b/);
  });
});
