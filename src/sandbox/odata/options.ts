/**
 * The OData system query options Graph accepts on collections ($filter, $select, $expand,
 * $orderby, $top, $skip, $skiptoken, $count), parsed once per request into plain values.
 */
import { readPath } from './evaluate.js';
import { FilterError, parseFilter, type Expr } from './filter.js';

export interface ExpandItem {
  name: string;
  select?: string[];
  expand: ExpandItem[];
}

export interface OrderBy {
  path: string;
  desc: boolean;
}

export interface QueryOptions {
  filter?: Expr;
  select?: string[];
  expand: ExpandItem[];
  orderby: OrderBy[];
  top?: number;
  skip: number;
  skiptoken?: string;
  count: boolean;
}

/** A malformed query option; answered as 400 BadRequest. */
export class QueryError extends Error {}

function param(params: URLSearchParams, name: string): string | null {
  return params.get(`$${name}`) ?? params.get(name);
}

function nonNegativeInt(value: string, name: string): number {
  if (!/^\d+$/.test(value.trim())) throw new QueryError(`Invalid value '${value}' for $${name}.`);
  return Number(value);
}

/** Splits on commas (or another separator) outside parentheses. */
function splitTop(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === sep && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

export function parseExpand(text: string): ExpandItem[] {
  return splitTop(text, ',').map((part) => {
    const open = part.indexOf('(');
    if (open < 0) return { name: part, expand: [] };
    if (!part.endsWith(')')) throw new QueryError(`Invalid $expand '${text}'.`);
    const item: ExpandItem = { name: part.slice(0, open).trim(), expand: [] };
    for (const opt of splitTop(part.slice(open + 1, -1), ';')) {
      const eq = opt.indexOf('=');
      const key = opt.slice(0, eq).trim().replace(/^\$/, '').toLowerCase();
      const value = opt.slice(eq + 1);
      if (key === 'expand') item.expand = parseExpand(value);
      else if (key === 'select') item.select = value.split(',').map((s) => s.trim());
    }
    return item;
  });
}

export function parseQuery(params: URLSearchParams): QueryOptions {
  const options: QueryOptions = { expand: [], orderby: [], skip: 0, count: false };
  const filter = param(params, 'filter');
  if (filter !== null) {
    try {
      options.filter = parseFilter(filter);
    } catch (err) {
      if (err instanceof FilterError) throw new QueryError(`Invalid filter clause: ${err.message}`);
      throw err;
    }
  }
  const select = param(params, 'select');
  if (select) options.select = select.split(',').map((s) => s.trim()).filter(Boolean);
  const expand = param(params, 'expand');
  if (expand) options.expand = parseExpand(expand);
  const orderby = param(params, 'orderby');
  if (orderby) {
    options.orderby = orderby.split(',').map((part) => {
      const [path = '', dir = 'asc', extra] = part.trim().split(/\s+/);
      if (!path || extra !== undefined || !/^(asc|desc)$/i.test(dir)) throw new QueryError(`Invalid $orderby '${orderby}'.`);
      return { path, desc: dir.toLowerCase() === 'desc' };
    });
  }
  const top = param(params, 'top');
  if (top !== null) options.top = nonNegativeInt(top, 'top');
  const skip = param(params, 'skip');
  if (skip !== null) options.skip = nonNegativeInt(skip, 'skip');
  const skiptoken = param(params, 'skiptoken');
  if (skiptoken !== null) options.skiptoken = skiptoken;
  const count = param(params, 'count');
  if (count !== null) {
    if (!/^(true|false)$/i.test(count)) throw new QueryError(`Invalid value '${count}' for $count.`);
    options.count = count.toLowerCase() === 'true';
  }
  return options;
}

export function expandOf(options: { expand: ExpandItem[] }, name: string): ExpandItem | undefined {
  const lower = name.toLowerCase();
  return options.expand.find((e) => e.name.toLowerCase() === lower);
}

/** Keeps only the selected properties, the expanded ones, and the `@odata.type` of a derived type. */
export function project(record: Record<string, unknown>, select: string[] | undefined, expanded: ExpandItem[] = []): Record<string, unknown> {
  if (!select || select.length === 0 || select.includes('*')) return record;
  const out: Record<string, unknown> = {};
  if (record['@odata.type'] !== undefined) out['@odata.type'] = record['@odata.type'];
  for (const e of expanded) if (record[e.name] !== undefined) out[e.name] = record[e.name];
  const keys = Object.keys(record);
  for (const name of select) {
    const lower = name.toLowerCase();
    const key = keys.find((k) => k.toLowerCase() === lower);
    out[key ?? name] = key === undefined ? null : record[key];
  }
  return out;
}

/** Compares two records on an $orderby list; nulls sort first ascending, as Graph does. */
export function compareBy(orderby: OrderBy[]): (a: unknown, b: unknown) => number {
  return (a, b) => {
    for (const { path, desc } of orderby) {
      const x = readPath(a, path);
      const y = readPath(b, path);
      let c = 0;
      if (x === y) c = 0;
      else if (x === undefined || x === null) c = -1;
      else if (y === undefined || y === null) c = 1;
      else if (typeof x === 'string' && typeof y === 'string') c = x.localeCompare(y, 'en', { sensitivity: 'base' });
      else c = x < y ? -1 : x > y ? 1 : 0;
      if (c !== 0) return desc ? -c : c;
    }
    return 0;
  };
}
