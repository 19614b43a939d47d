// The mailbox's HTTP side: the web page people read mail on, and the JSON API
// tests use to read mail and inject faults.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { z } from "zod";
import { faultRuleSchema, type Faults } from "./faults";
import type { MailboxMessage } from "./message";
import {
  messageViews,
  pageContentSecurityPolicy,
  renderMessage,
  renderMessageList,
  type MessageView,
} from "./page";
import type { ReceivedMessage } from "./parse";
import type { MessageStore } from "./store";

export interface HttpListener {
  port: number;
  close(): Promise<void>;
}

export function mailboxApp(options: { store: MessageStore; faults: Faults; smtpAddress: string }) {
  const { store, faults } = options;
  const app = new Hono();

  app.use("*", async (c, next) => {
    await next();
    if (c.res.headers.get("content-type")?.startsWith("text/html")) {
      c.res.headers.set("content-security-policy", pageContentSecurityPolicy);
      c.res.headers.set("x-content-type-options", "nosniff");
    }
  });

  app.get("/", async (c) => c.html(renderMessageList(await store.list(), options.smtpAddress)));

  app.get("/messages/:id", async (c) => {
    const message = await store.get(c.req.param("id"));
    if (!message) return c.html(`<!doctype html><title>Not found</title><p>No such message. <a href="/">All messages</a></p>`, 404);
    const requested = c.req.query("view");
    const view: MessageView = messageViews.find((each) => each === requested) ?? "html";
    return c.html(renderMessage(message, view));
  });

  // A form can't send DELETE, so the page's button posts here.
  app.post("/clear", async (c) => {
    await store.clear();
    return c.redirect("/", 303);
  });

  app.get("/api/messages", async (c) => {
    const to = c.req.query("to");
    return c.json({ messages: (await store.list({ to })).map(toJson) });
  });

  app.get("/api/messages/:id", async (c) => {
    const message = await store.get(c.req.param("id"));
    return message ? c.json(toJson(message)) : c.json({ error: "No such message" }, 404);
  });

  app.get("/api/messages/:id/raw", async (c) => {
    const message = await store.get(c.req.param("id"));
    if (!message) return c.json({ error: "No such message" }, 404);
    return c.body(new Uint8Array(message.raw), 200, {
      "content-type": "text/plain; charset=utf-8",
      "x-content-type-options": "nosniff",
    });
  });

  // An attachment as the recipient would save it; served as a download, never rendered in the mailbox's origin.
  app.get("/api/messages/:id/attachments/:index", async (c) => {
    const message = await store.get(c.req.param("id"));
    const index = Number(c.req.param("index"));
    const content = Number.isInteger(index) ? message?.attachmentContents[index] : undefined;
    if (!message || !content) return c.json({ error: "No such attachment" }, 404);
    const { filename, contentType } = message.attachments[index];
    const name = (filename ?? `attachment-${index + 1}`).replace(/[^\w .-]+/g, "_");
    return c.body(new Uint8Array(content), 200, {
      "content-type": contentType,
      "content-disposition": `attachment; filename="${name}"`,
      "x-content-type-options": "nosniff",
    });
  });

  app.delete("/api/messages", async (c) => {
    await store.clear();
    return c.body(null, 204);
  });

  app.get("/api/faults", (c) => c.json({ faults: faults.list() }));

  app.post("/api/faults", async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    const parsed = z.union([faultRuleSchema, z.array(faultRuleSchema)]).safeParse(body);
    if (!parsed.success) return c.json({ error: "Invalid fault", issues: parsed.error.issues }, 400);
    const rules = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
    return c.json({ faults: rules.map((rule) => faults.add(rule)) }, 201);
  });

  app.delete("/api/faults", (c) => {
    faults.clear();
    return c.body(null, 204);
  });

  return app;
}

export async function listenHttp(options: {
  host: string;
  port: number;
  app: ReturnType<typeof mailboxApp>;
}): Promise<HttpListener> {
  const server = serve({ fetch: options.app.fetch, hostname: options.host, port: options.port });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.once("listening", () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
  return {
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Browsers keep connections alive; don't let them hold shutdown up.
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function toJson({ raw: _raw, attachmentContents: _attachmentContents, ...message }: ReceivedMessage): MailboxMessage {
  return message;
}
