// xero-node's Accounting API models, read from Xero's JSON by compiled code
// instead of xero-node's generic walk.
//
// xero-node hands every answer to ObjectSerializer.deserialize, which walks
// each model's attribute map for every value: per attribute it lower-cases the
// type name twice, searches the primitive list, and writes the property by a
// computed name. A sync page is 1,000 invoices, each with its contact: about
// 90 attributes apiece, and at 100k invoices this walk was the worker's
// largest cost (about a fifth of a first sync's CPU, before the garbage it
// leaves). Here each model type gets one small function, generated once from
// the same attribute map, that does the same steps with fixed property names.
//
// The result is the same object graph xero-node builds — same classes, same
// properties in the same order, the same Date conversions, nulls and
// undefineds kept as they are (model-reader.server.test.ts compares the two on
// every model). It replaces xero-node's function only when that function is
// the one this was written against: any other xero-node keeps its own.
import crypto from "node:crypto";
import { createRequire } from "node:module";

type Deserialize = (data: unknown, type: string) => unknown;
type Reader = (data: any) => unknown;
type ModelClass = (new () => Record<string, unknown>) & { getAttributeTypeMap(): { name: string; baseName: string; type: string }[] };
type Serializer = {
  deserialize: Deserialize;
  findCorrectType: (data: unknown, type: string) => string;
  deserializeDateFormats: (type: string, data: unknown) => Date;
};

// xero-node is CommonJS: this is the very module object its AccountingApi calls.
const accountingModels = createRequire(import.meta.url)("xero-node/dist/gen/model/accounting/models.js") as Record<string, unknown> & {
  ObjectSerializer: Serializer;
};
const serializer = accountingModels.ObjectSerializer;
const xeroNodesOwn = serializer.deserialize;

/** xero-node's own deserializer, whole: it calls itself through ObjectSerializer.deserialize, so that is put back while it runs. */
export function xeroNodeDeserialize(data: unknown, type: string): unknown {
  const current = serializer.deserialize;
  serializer.deserialize = xeroNodesOwn;
  try {
    return xeroNodesOwn.call(serializer, data, type);
  } finally {
    serializer.deserialize = current;
  }
}

/** SHA-256 of the source of xero-node 20.0.0's ObjectSerializer.deserialize and findCorrectType, whose behaviour the readers reproduce. */
const REPRODUCED_SOURCE = "801b74a284f080830676dc376d2afe9f45c4c342af8dc58da101fe6aacc9fdde";

export function sourceFingerprint(target: Serializer = serializer): string {
  return crypto.createHash("sha256").update(`${target.deserialize.toString()}\n${target.findCorrectType.toString()}`).digest("hex");
}

const PRIMITIVES = ["string", "boolean", "double", "integer", "long", "float", "number", "any"];

/** Model classes by the name attribute maps use, found by asking xero-node itself what it makes of each name. */
function modelClassNamed(type: string): ModelClass | undefined {
  const candidate = accountingModels[type] as ModelClass | undefined;
  if (typeof candidate !== "function" || typeof candidate.getAttributeTypeMap !== "function") return undefined;
  const probe = {};
  // Enums and names outside xero-node's type map come back as given.
  const made = xeroNodeDeserialize(probe, type);
  return made !== probe && made instanceof candidate ? candidate : undefined;
}

/** What the original does with a value of the primitive type named exactly "string": Microsoft dates become Dates. */
function readString(data: any): unknown {
  if (data == undefined) return data;
  return data.toString().substring(0, 6) === "/Date(" ? serializer.deserializeDateFormats("string", data) : data;
}

const readers = new Map<string, Reader>();

function readerFor(type: string): Reader {
  let reader = readers.get(type);
  if (!reader) {
    reader = makeReader(type);
    readers.set(type, reader);
  }
  return reader;
}

/** A reader made on first use: model types refer to each other (and to themselves). */
function later(type: string): Reader {
  let reader: Reader | undefined;
  return (data) => (reader ??= readerFor(type))(data);
}

/** An attribute's value is taken as it is, or handed to a reader. */
function readerOfAttribute(type: string): Reader | undefined {
  if (PRIMITIVES.includes(type.toLowerCase())) return type === "string" ? readString : undefined;
  if (type.lastIndexOf("Array<", 0) === 0 || type === "Date" || modelClassNamed(type)) return later(type);
  return undefined;
}

function makeReader(type: string): Reader {
  if (PRIMITIVES.includes(type.toLowerCase())) return type === "string" ? readString : (data) => data;
  if (type.lastIndexOf("Array<", 0) === 0) {
    const itemType = type.slice("Array<".length, -1);
    return (data) => {
      if (data == undefined) return data;
      const items = typeof data === "string" ? JSON.parse(data) : data;
      const read = readerFor(itemType);
      const out: unknown[] = [];
      if (Array.isArray(items)) for (let index = 0; index < items.length; index++) out.push(read(items[index]));
      else for (const [, item] of Object.entries(items)) out.push(read(item));
      return out;
    };
  }
  if (type === "Date") return (data) => (data == undefined ? data : serializer.deserializeDateFormats(type, data));
  const model = modelClassNamed(type);
  if (!model) return (data) => data;
  // One statement per attribute, names fixed at generation: the property names
  // come from xero-node's own attribute map (JSON.stringify quotes them), never from data.
  const attributes = model.getAttributeTypeMap();
  const steps = attributes.map((attribute) => readerOfAttribute(attribute.type));
  const statements = attributes.map((attribute, index) => {
    const value = `data[${JSON.stringify(attribute.baseName)}]`;
    return `model[${JSON.stringify(attribute.name)}] = ${steps[index] ? `steps[${index}](${value})` : value};`;
  });
  const build = new Function("Model", "steps", `return function read${model.name}(data) {\n  if (data == undefined) return data;\n  const model = new Model();\n  ${statements.join("\n  ")}\n  return model;\n};`);
  return build(model, steps) as Reader;
}

/** The compiled equivalent of xero-node's ObjectSerializer.deserialize (exported for the equivalence test). */
export function readModel(data: unknown, type: string): unknown {
  return readerFor(type)(data);
}

let installed: boolean | undefined;

/**
 * Has xero-node's AccountingApi read answers with the compiled readers, if its
 * deserializer is the one they reproduce. Returns whether they are in use.
 */
export function useCompiledModelReaders(): boolean {
  if (installed === undefined) {
    installed = sourceFingerprint() === REPRODUCED_SOURCE;
    if (installed) serializer.deserialize = readModel;
  }
  return installed;
}
