// A pass-through HTTP proxy between Solido and the Xero sandbox, for answer
// shapes Xero gives and the sandbox does not give to Solido's requests: with
// `omitPagination` on, Accounting API answers lose their `pagination` block
// (Xero leaves it out of answers it considers unpaged; issue 16 saw a first
// sync stop at page 1 of 3 because of it), and invoices named in
// `omitInvoiceIds` are left out of /Invoices answers (an id asked for that
// Xero's answer does not include). Everything else — status, headers
// (rate limits, Date), body — passes unchanged over real HTTP.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export type XeroAnswerProxy = {
  url: string;
  /** Where requests go (the sandbox's URL), set once it has started. */
  target: string;
  omitPagination: boolean;
  /** Lower-case InvoiceIDs to leave out of every /Invoices answer. */
  omitInvoiceIds: Set<string>;
  close(): Promise<void>;
};

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "host"]);

async function bodyOf(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length > 0 ? Buffer.concat(chunks).toString("utf8") : undefined;
}

export async function startXeroAnswerProxy(): Promise<XeroAnswerProxy> {
  const proxy: XeroAnswerProxy = { url: "", target: "", omitPagination: false, omitInvoiceIds: new Set(), close: async () => {} };
  const server = createServer(async (request, response) => {
    try {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (!HOP_BY_HOP.has(name) && value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      const body = request.method === "GET" || request.method === "HEAD" ? undefined : await bodyOf(request);
      const answer = await fetch(`${proxy.target}${request.url}`, { method: request.method, headers, body, redirect: "manual" });
      let bytes = Buffer.from(await answer.arrayBuffer());
      const omitting = proxy.omitPagination || proxy.omitInvoiceIds.size > 0;
      if (omitting && request.url?.startsWith("/api.xro/2.0/") && answer.headers.get("content-type")?.includes("json") && answer.ok) {
        const json = JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
        if (proxy.omitPagination) delete json.pagination;
        if (Array.isArray(json.Invoices)) {
          json.Invoices = (json.Invoices as { InvoiceID: string }[]).filter((invoice) => !proxy.omitInvoiceIds.has(invoice.InvoiceID.toLowerCase()));
        }
        bytes = Buffer.from(JSON.stringify(json));
      }
      const out: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (!HOP_BY_HOP.has(name)) out[name] = value;
      });
      response.writeHead(answer.status, { ...out, "content-length": String(bytes.byteLength) });
      response.end(bytes);
    } catch (error) {
      response.writeHead(502, { "content-type": "text/plain" });
      response.end(`proxy: ${String(error)}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () => new Promise((resolve) => server.close(() => resolve()));
  return proxy;
}
