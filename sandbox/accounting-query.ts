// The Accounting API's query language, as far as Solido needs it: `where` expressions
// (comparisons joined by AND/OR), `order`, paging and If-Modified-Since. Anything outside that is
// refused with Xero's 400 rather than silently ignored, so the app cannot come to rely on it.

export class QueryError extends Error {}

export type FieldValue = string | number | boolean;
export type FieldAccessors<T> = Record<string, (item: T) => FieldValue>;

type Operator = "==" | "!=" | ">" | ">=" | "<" | "<=";
interface Comparison {
  field: string;
  operator: Operator;
  value: FieldValue;
}

const TOKEN = /\s*(?:(&&|\|\||==|!=|>=|<=|>|<)|("(?:[^"\\]|\\.)*")|(Guid\("[^"]*"\))|(DateTime\([\d,\s]+\))|([A-Za-z_][\w.]*)|(-?\d+(?:\.\d+)?)|(\S))/y;

function tokenize(expression: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expression.length) {
    const match = TOKEN.exec(expression);
    if (!match) break;
    const token = match.slice(1).find((group) => group !== undefined);
    if (token === undefined) break;
    tokens.push(token);
  }
  return tokens;
}

function literal(token: string | undefined): FieldValue {
  if (token === undefined) throw new QueryError("Expression expected");
  if (token.startsWith('"')) return JSON.parse(token) as string;
  const guid = /^Guid\("([^"]*)"\)$/.exec(token);
  if (guid) return guid[1].toLowerCase();
  const dateTime = /^DateTime\(([\d,\s]+)\)$/.exec(token);
  if (dateTime) {
    const [year, month, day, hour = 0, minute = 0, second = 0] = dateTime[1].split(",").map((part) => Number(part.trim()));
    return Date.UTC(year, month - 1, day, hour, minute, second);
  }
  if (token === "true" || token === "false") return token === "true";
  if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
  throw new QueryError(`Operator '${token}' incompatible with operand types`);
}

/**
 * Compiles a where clause into a predicate. Supports `Field op literal` joined by AND/OR (AND
 * binds tighter), literals "text", numbers, true/false, Guid("…"), DateTime(y,m,d[,h,m,s]).
 */
export function compileWhere<T>(expression: string, fields: FieldAccessors<T>, resource: string): (item: T) => boolean {
  const disjunction = parseWhere(expression, fields, resource);
  // Resolved once per query, not once per row: the whole organisation is filtered on every call.
  const compiled = disjunction.map((all) =>
    all.map(({ field, operator, value }) => ({ accessor: fields[field], lowerCase: typeof value === "string" && /id$/i.test(field), operator, value })),
  );
  const test = (item: T, { accessor, lowerCase, operator, value }: (typeof compiled)[number][number]): boolean => {
    let actual = accessor(item);
    if (lowerCase && typeof actual === "string") actual = actual.toLowerCase();
    switch (operator) {
      case "==":
        return actual === value;
      case "!=":
        return actual !== value;
      case ">":
        return actual > value;
      case ">=":
        return actual >= value;
      case "<":
        return actual < value;
      case "<=":
        return actual <= value;
    }
  };
  return (item) => compiled.some((all) => all.every((comparison) => test(item, comparison)));
}

/** The fields a where clause compares, by their accessor names (for Xero's optimised-filter rules). */
export function whereFields<T>(expression: string, fields: FieldAccessors<T>, resource: string): string[] {
  return [...new Set(parseWhere(expression, fields, resource).flat().map((comparison) => comparison.field))];
}

/** The fields an order clause sorts by, by their accessor names. */
export function orderFields<T>(order: string, fields: FieldAccessors<T>): string[] {
  return order.split(",").flatMap((part) => {
    const name = part.trim().split(/\s+/)[0];
    const accessorName = Object.keys(fields).find((field) => field.toLowerCase() === name?.toLowerCase());
    return accessorName ? [accessorName] : [];
  });
}

function parseWhere<T>(expression: string, fields: FieldAccessors<T>, resource: string): Comparison[][] {
  const tokens = tokenize(expression);
  const disjunction: Comparison[][] = [[]];
  let index = 0;
  while (index < tokens.length) {
    const field = tokens[index];
    const accessorName = Object.keys(fields).find((name) => name.toLowerCase() === field?.toLowerCase());
    if (!accessorName) throw new QueryError(`No property or field '${field}' exists in type '${resource}'`);
    const operator = tokens[index + 1] as Operator;
    if (!["==", "!=", ">", ">=", "<", "<="].includes(operator)) throw new QueryError(`Unsupported operator '${operator ?? ""}' after '${field}'`);
    disjunction[disjunction.length - 1].push({ field: accessorName, operator, value: literal(tokens[index + 2]) });
    index += 3;
    if (index >= tokens.length) break;
    const joiner = tokens[index].toUpperCase();
    if (joiner === "OR" || joiner === "||") disjunction.push([]);
    else if (joiner !== "AND" && joiner !== "&&") throw new QueryError(`Syntax error at '${tokens[index]}': only comparisons joined by AND / OR are supported`);
    index += 1;
    if (index >= tokens.length) throw new QueryError("Expression expected");
  }
  if (disjunction[0].length === 0) throw new QueryError("Expression expected");
  return disjunction;
}

/**
 * Sorts by `order=Field [ASC|DESC][, Field …]` over the same accessors, then the `fallback` keys,
 * then `tieBreak` (what orders rows equal on every key).
 * Each item's keys are read once, not once per comparison: a page of a large organisation sorts
 * everything the query selects.
 */
export function sortByOrder<T>(
  items: T[],
  order: string | undefined,
  fields: FieldAccessors<T>,
  fallback: Array<[string, 1 | -1]>,
  tieBreak?: (item: T) => number,
): T[] {
  const keys: Array<[string, 1 | -1]> = [];
  if (order) {
    for (const part of order.split(",")) {
      const [name, direction = "ASC", extra] = part.trim().split(/\s+/);
      const accessorName = Object.keys(fields).find((field) => field.toLowerCase() === name?.toLowerCase());
      if (!accessorName || extra || !/^(ASC|DESC)$/i.test(direction)) throw new QueryError(`Order by '${part.trim()}' is not supported`);
      keys.push([accessorName, direction.toUpperCase() === "DESC" ? -1 : 1]);
    }
  }
  keys.push(...fallback);
  const accessors: Array<(item: T) => FieldValue> = keys.map(([field]) => fields[field]);
  const directions: Array<1 | -1> = keys.map(([, direction]) => direction);
  if (tieBreak) {
    accessors.push(tieBreak);
    directions.push(1);
  }
  const decorated = items.map((item) => ({ item, values: accessors.map((accessor) => accessor(item)) }));
  decorated.sort((a, b) => {
    for (let index = 0; index < directions.length; index++) {
      const left = a.values[index];
      const right = b.values[index];
      if (left < right) return -directions[index];
      if (left > right) return directions[index];
    }
    return 0;
  });
  return decorated.map((entry) => entry.item);
}

/** If-Modified-Since accepts ISO 8601 (xero-node sends toISOString()) or an HTTP date; zone-less means UTC. */
export function parseIfModifiedSince(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const zoneless = /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(header) ? `${header}Z` : header;
  const ms = Date.parse(zoneless);
  if (Number.isNaN(ms)) throw new QueryError(`The If-Modified-Since header '${header}' is not a valid date`);
  return ms;
}

/** An id in IDs=/ContactIDs= that is not a GUID. */
export class MalformedGuid extends QueryError {}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A comma list of GUIDs, lower-cased; any other entry is refused rather than matching nothing. */
export function parseGuids(value: string | undefined): string[] | undefined {
  const ids = parseList(value);
  const malformed = ids?.find((id) => !GUID.test(id));
  if (malformed !== undefined) throw new MalformedGuid(`Unrecognized Guid format.`);
  return ids?.map((id) => id.toLowerCase());
}

/** Xero's searchTerm: a case-insensitive substring of any of the given texts. */
export function matchesSearchTerm(term: string | undefined, texts: string[]): boolean {
  if (!term) return true;
  const needle = term.toLowerCase();
  return texts.some((text) => text.toLowerCase().includes(needle));
}

export function parseList(value: string | undefined): string[] | undefined {
  if (value === undefined || value === "") return undefined;
  return value.split(",").map((item) => item.trim().replace(/^"|"$/g, "")).filter(Boolean);
}

export function parseBoolean(value: string | undefined): boolean {
  return value?.toLowerCase() === "true";
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface Page<T> {
  items: T[];
  pagination?: { page: number; pageSize: number; pageCount: number; itemCount: number };
}

/** With `page`, one page and a pagination block; without it, everything (Xero's unpaged answer). */
export function paginate<T>(items: T[], pageParam: string | undefined, pageSizeParam: string | undefined): Page<T> {
  if (pageParam === undefined) return { items };
  const page = Math.max(1, Math.floor(Number(pageParam)) || 1);
  const requested = pageSizeParam === undefined ? DEFAULT_PAGE_SIZE : Math.floor(Number(pageSizeParam));
  const pageSize = Number.isFinite(requested) && requested > 0 ? Math.min(requested, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  const start = (page - 1) * pageSize;
  return {
    items: items.slice(start, start + pageSize),
    pagination: { page, pageSize, pageCount: Math.ceil(items.length / pageSize), itemCount: items.length },
  };
}

/**
 * An order among rows that tie on every sort key which, like a database's, is arbitrary: fixed for
 * one state of the organisation (so the pages of one query agree) but reshuffled by any change.
 * Xero documents no order among equal UpdatedDateUTC values, and bulk edits make such ties.
 */
export function arbitraryTieBreak(salt: string): (id: string) => number {
  return (id) => {
    let hash = 0x811c9dc5;
    const text = `${salt}:${id}`;
    for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
    return hash >>> 0;
  };
}
