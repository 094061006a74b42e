/**
 * Runs a parsed `$filter` against plain JSON records. Strings compare without regard to case (as
 * Graph's enums and most of its strings do), date-times as instants, and a path through an array
 * reads like any().
 */
import type { BinaryOp, Expr } from './filter.js';

type Env = Record<string, unknown>;

function resolvePath(segments: string[], record: unknown, env: Env): unknown {
  let start = 0;
  let value: unknown = record;
  const first = segments[0];
  if (first !== undefined && Object.prototype.hasOwnProperty.call(env, first)) {
    value = env[first];
    start = 1;
  }
  for (let i = start; i < segments.length; i++) value = step(value, segments[i]!);
  return value;
}

/** One path step; through an array it collects from every element, so a path reads like any(). */
function step(value: unknown, name: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const v = step(item, name);
      if (Array.isArray(v)) out.push(...v);
      else if (v !== undefined) out.push(v);
    }
    return out;
  }
  if (typeof value !== 'object') return undefined;
  const obj = value as Record<string, unknown>;
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(obj)) if (key.toLowerCase() === lower) return obj[key];
  return undefined;
}

const ISO_LIKE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A value ready to compare: times become numbers, strings lower-case. */
function comparable(v: unknown, asTime: boolean): unknown {
  if (typeof v === 'string') {
    if (asTime) {
      const ms = Date.parse(v);
      return Number.isNaN(ms) ? v.toLowerCase() : ms;
    }
    return v.toLowerCase();
  }
  return v;
}

function isTimeOperand(e: Expr): boolean {
  return e.kind === 'literal' && e.datetime !== undefined;
}

function compareOne(op: BinaryOp, a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    default: {
      if (a === null || b === null) return false;
      if (typeof a !== typeof b) return false;
      const x = a as number | string;
      const y = b as number | string;
      if (op === 'gt') return x > y;
      if (op === 'ge') return x >= y;
      if (op === 'lt') return x < y;
      return x <= y;
    }
  }
}

function compare(op: BinaryOp, left: unknown, right: unknown, asTime: boolean): boolean {
  const l = Array.isArray(left) ? left : [left];
  const r = Array.isArray(right) ? right : [right];
  if (op === 'ne' && (Array.isArray(left) || Array.isArray(right))) return !compare('eq', left, right, asTime);
  for (const a of l) for (const b of r) if (compareOne(op, comparable(a, asTime), comparable(b, asTime))) return true;
  return false;
}

function evaluate(expr: Expr, record: unknown, env: Env): unknown {
  switch (expr.kind) {
    case 'literal':
      return expr.datetime !== undefined ? expr.datetime : expr.value;
    case 'path':
      return resolvePath(expr.segments, record, env);
    case 'not':
      return !truthy(evaluate(expr.operand, record, env));
    case 'binary': {
      if (expr.op === 'and') return truthy(evaluate(expr.left, record, env)) && truthy(evaluate(expr.right, record, env));
      if (expr.op === 'or') return truthy(evaluate(expr.left, record, env)) || truthy(evaluate(expr.right, record, env));
      const left = evaluate(expr.left, record, env);
      const right = evaluate(expr.right, record, env);
      const asTime = isTimeOperand(expr.left) || isTimeOperand(expr.right) || bothIsoStrings(left, right);
      return compare(expr.op, left, right, asTime);
    }
    case 'in': {
      const left = evaluate(expr.left, record, env);
      return expr.items.some((item) => {
        const right = evaluate(item, record, env);
        return compare('eq', left, right, isTimeOperand(item));
      });
    }
    case 'call':
      return callFunction(expr.name, expr.args.map((a) => evaluate(a, record, env)));
    case 'lambda': {
      const source = resolvePath(expr.source, record, env);
      const items = Array.isArray(source) ? source : source === undefined || source === null ? [] : [source];
      if (!expr.body || !expr.variable) return items.length > 0;
      const variable = expr.variable;
      const body = expr.body;
      const test = (item: unknown) => truthy(evaluate(body, record, { ...env, [variable]: item }));
      return expr.op === 'any' ? items.some(test) : items.every(test);
    }
  }
}

function bothIsoStrings(a: unknown, b: unknown): boolean {
  const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
  const x = first(a);
  const y = first(b);
  return typeof x === 'string' && typeof y === 'string' && ISO_LIKE.test(x) && ISO_LIKE.test(y);
}

function callFunction(name: string, args: unknown[]): unknown {
  const text = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : null);
  if (name === 'tolower' || name === 'toupper' || name === 'trim') {
    const v = args[0];
    if (typeof v !== 'string') return v;
    return name === 'trim' ? v.trim() : name === 'tolower' ? v.toLowerCase() : v.toUpperCase();
  }
  const values = Array.isArray(args[0]) ? args[0] : [args[0]];
  const needle = text(args[1]);
  if (needle === null) return false;
  return values.some((v) => {
    const hay = text(v);
    if (hay === null) return false;
    if (name === 'startswith') return hay.startsWith(needle);
    if (name === 'endswith') return hay.endsWith(needle);
    return hay.includes(needle);
  });
}

function truthy(v: unknown): boolean {
  return v === true;
}

/** Whether a record satisfies a parsed filter. */
export function matches(expr: Expr, record: unknown): boolean {
  return truthy(evaluate(expr, record, {}));
}

/** Reads a nested property path (`principal/id`) from a record, the way a filter would. */
export function readPath(record: unknown, path: string): unknown {
  return resolvePath(path.split('/'), record, {});
}
