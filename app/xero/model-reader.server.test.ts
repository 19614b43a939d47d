// The compiled model readers build exactly what xero-node's own deserializer builds.
import { isDeepStrictEqual } from "node:util";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { demoOrganisations } from "~sandbox/demo-data";
import { contactJson, creditNoteJson, envelope, historyJson, invoiceJson, organisationJson, paymentJson } from "~sandbox/xero-json";
import { readModel, sourceFingerprint, useCompiledModelReaders, xeroNodeDeserialize } from "./model-reader.server";

const models = createRequire(import.meta.url)("xero-node/dist/gen/model/accounting/models.js") as Record<string, any>;

/** Same values, same classes, and every object's own properties in the same order. */
function sameGraph(left: unknown, right: unknown, path = "$"): string | undefined {
  if (!isDeepStrictEqual(left, right)) return `${path}: values differ`;
  if (left && typeof left === "object") {
    if (Object.getPrototypeOf(left) !== Object.getPrototypeOf(right)) return `${path}: classes differ`;
    const keys = Object.keys(left);
    if (keys.join() !== Object.keys(right as object).join()) return `${path}: property order differs`;
    for (const key of keys) {
      const difference = sameGraph((left as any)[key], (right as any)[key], `${path}.${key}`);
      if (difference) return difference;
    }
  }
  return undefined;
}

const expectSameAsXeroNode = (data: unknown, type: string) => {
  const expected = xeroNodeDeserialize(structuredClone(data), type);
  const actual = readModel(structuredClone(data), type);
  expect(sameGraph(actual, expected), type).toBeUndefined();
};

/** A value for each attribute of a model, as Xero might send it: strings (some Microsoft dates), numbers, booleans, nested models and lists, nulls. */
function sample(type: string, depth: number, seed: number): unknown {
  if (seed % 11 === 0) return null;
  if (seed % 13 === 0) return undefined;
  if (type === "string") return seed % 3 === 0 ? `/Date(${1_552_326_816_230 + seed}+0000)/` : `text ${seed}`;
  if (type === "number") return seed / 4;
  if (type === "boolean") return seed % 2 === 0;
  if (type === "Date") return seed % 2 === 0 ? `/Date(${1_552_326_816_230 + seed})/` : "2026-11-26T10:00:00";
  if (type.startsWith("Array<")) return depth > 2 ? [] : [sample(type.slice(6, -1), depth + 1, seed + 1), sample(type.slice(6, -1), depth + 1, seed + 2)];
  const model = models[type];
  if (typeof model?.getAttributeTypeMap !== "function") return `ENUM_${seed}`;
  if (depth > 2) return {};
  const data: Record<string, unknown> = {};
  model.getAttributeTypeMap().forEach((attribute: { baseName: string; type: string }, index: number) => {
    data[attribute.baseName] = sample(attribute.type, depth + 1, seed * 7 + index);
  });
  return data;
}

describe("compiled xero-node model readers", () => {
  it("are in use with the xero-node whose deserializer they reproduce", () => {
    expect(sourceFingerprint()).toBe("801b74a284f080830676dc376d2afe9f45c4c342af8dc58da101fe6aacc9fdde");
    expect(useCompiledModelReaders()).toBe(true);
    expect(models.ObjectSerializer.deserialize).toBe(readModel);
  });

  it("read every Accounting API model as xero-node does", () => {
    const modelNames = Object.keys(models).filter((name) => typeof models[name]?.getAttributeTypeMap === "function");
    expect(modelNames.length).toBeGreaterThan(100);
    for (const name of modelNames) {
      for (const seed of [1, 2, 5]) expectSameAsXeroNode(sample(name, 0, seed), name);
    }
  });

  it("read the sandbox's answers for every resource Solido reads as xero-node does", () => {
    const now = Date.parse("2026-11-26T09:00:00Z");
    for (const book of demoOrganisations(42, now)) {
      const invoices = [...book.invoices.values()];
      for (const detail of ["full", "withoutLineItems", "summary"] as const) {
        expectSameAsXeroNode(envelope("Invoices", invoices.map((invoice) => invoiceJson(book, invoice, detail)), now, "Solido", { page: 1, pageSize: 1000, pageCount: 1, itemCount: invoices.length }), "Invoices");
      }
      for (const summaryOnly of [true, false]) expectSameAsXeroNode(envelope("Contacts", [...book.contacts.values()].map((contact) => contactJson(contact, summaryOnly)), now, "Solido"), "Contacts");
      expectSameAsXeroNode(envelope("Organisations", [organisationJson(book.organisation)], now, "Solido"), "Organisations");
      expectSameAsXeroNode(envelope("Payments", [...book.payments.values()].map((payment) => paymentJson(book, payment)), now, "Solido"), "Payments");
      expectSameAsXeroNode(envelope("CreditNotes", [...book.creditNotes.values()].map((note) => creditNoteJson(book, note)), now, "Solido"), "CreditNotes");
      expectSameAsXeroNode(envelope("HistoryRecords", historyJson(invoices[0]), now, "Solido"), "HistoryRecords");
    }
  });

  it("pass values of unknown shape through as xero-node does", () => {
    for (const [data, type] of [
      [null, "Invoices"],
      [undefined, "Invoice"],
      ["not an object", "Invoice"],
      [{ Invoices: "[]" }, "Invoices"],
      [{ Invoices: { a: { InvoiceID: "x" } } }, "Invoices"],
      [42, "string"],
      ["/Date(1552326816230+0000)/", "string"],
      ["AUTHORISED", "Invoice.StatusEnum"],
      [{ any: "thing" }, "NoSuchType"],
    ] as const) {
      expectSameAsXeroNode(data, type);
    }
  });
});
