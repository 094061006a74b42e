/**
 * Answers one page of a collection query. The filter's top-level `and` terms pick the narrowest
 * source (a posting list, a time range, or a caller's hint) so that a query on one principal
 * of a million requests reads that principal's requests only; the whole filter is then checked
 * on each candidate. Pages resume from a position carried in `$skiptoken`.
 */
import { matches } from '../odata/evaluate.js';
import { conjuncts, type Expr } from '../odata/filter.js';
import { compareBy, QueryError, type QueryOptions } from '../odata/options.js';
import type { Collection, Rec } from './collection.js';

export interface ListRequest<T extends Rec> {
  collection: Collection<T>;
  query: QueryOptions;
  /** A condition the route adds (scope, filterByCurrentUser). */
  where?: (record: T) => boolean;
  /** Positions the route already knows contain every answer; their union is used. */
  candidates?: Int32Array[];
  pageSize?: number;
  maxPageSize?: number;
}

export interface ListPage<T> {
  items: T[];
  count?: number;
  /** The `$skiptoken` of the next page, when there is one. */
  next?: string;
}

interface Source {
  length: number;
  at(i: number): number;
  /** True when the source holds exactly the matches, so counting needs no record reads. */
  exact?: boolean;
}

function literalOf(e: Expr): { value: unknown; time?: number } | undefined {
  return e.kind === 'literal' ? { value: e.value, time: e.datetime } : undefined;
}

function pathOf(e: Expr): string | undefined {
  return e.kind === 'path' ? e.segments.join('/') : undefined;
}

const FLIP: Record<string, string> = { gt: 'lt', ge: 'le', lt: 'gt', le: 'ge', eq: 'eq' };

/** The posting list one conjunct implies, or 'time' when it narrowed the time range instead. */
function sourcesFor<T extends Rec>(c: Collection<T>, term: Expr, range: { lo: number; hi: number }): Int32Array | 'time' | undefined {
  if (term.kind === 'binary' && term.op !== 'and' && term.op !== 'or') {
    let path = pathOf(term.left);
    let lit = literalOf(term.right);
    let op: string = term.op;
    if (!path || !lit) {
      path = pathOf(term.right);
      lit = literalOf(term.left);
      op = FLIP[term.op] ?? 'ne';
    }
    if (!path || !lit) return undefined;
    if (path === c.timeField && op !== 'ne') {
      const t = lit.time ?? Date.parse(String(lit.value));
      if (Number.isNaN(t)) return undefined;
      if (op === 'ge' || op === 'gt' || op === 'eq') range.lo = Math.max(range.lo, op === 'gt' ? t + 1e-3 : t);
      if (op === 'le' || op === 'lt' || op === 'eq') range.hi = Math.min(range.hi, op === 'lt' ? t - 1e-3 : t);
      return 'time';
    }
    // A date-time literal may be written differently from the stored text: leave it to the filter.
    if (op === 'eq' && lit.time === undefined && c.hasIndex(path)) return c.lookup(path, lit.value);
    return undefined;
  }
  if (term.kind === 'in') {
    const path = pathOf(term.left);
    if (!path || !c.hasIndex(path)) return undefined;
    const lists: Int32Array[] = [];
    for (const item of term.items) {
      const lit = literalOf(item);
      if (!lit) return undefined;
      lists.push(c.lookup(path, lit.value)!);
    }
    return union(lists);
  }
  if (term.kind === 'lambda' && term.op === 'any' && term.body && term.variable) {
    const body = term.body;
    if (body.kind !== 'binary' || body.op !== 'eq') return undefined;
    const inner = pathOf(body.left);
    const lit = literalOf(body.right);
    if (!inner || !lit || !inner.startsWith(`${term.variable}/`)) return undefined;
    const path = `${term.source.join('/')}/${inner.slice(term.variable.length + 1)}`;
    return c.hasIndex(path) ? c.lookup(path, lit.value) : undefined;
  }
  return undefined;
}

function union(lists: Int32Array[]): Int32Array {
  if (lists.length === 1) return lists[0]!;
  const seen = new Set<number>();
  for (const list of lists) for (const pos of list) seen.add(pos);
  return Int32Array.from(seen);
}

function plan<T extends Rec>(req: ListRequest<T>): Source {
  const c = req.collection;
  // The caller's hint is only merged if it turns out to be the narrowest source.
  const hint = req.candidates;
  let bestSize = hint ? hint.reduce((n, list) => n + list.length, 0) : Infinity;
  let best: Int32Array | undefined;
  const range = { lo: -Infinity, hi: Infinity };
  const terms = req.query.filter ? conjuncts(req.query.filter) : [];
  let timeTerms = 0;
  for (const term of terms) {
    const found = sourcesFor(c, term, range);
    if (found === 'time') timeTerms++;
    else if (found && found.length < bestSize) {
      best = found;
      bestSize = found.length;
    }
  }
  const plain = !req.where && !hint;
  if (range.lo !== -Infinity || range.hi !== Infinity) {
    const inRange = c.timeRange(range.lo, range.hi);
    if (inRange.length < bestSize) {
      // Records without a time sort first: a range open at the bottom would include them.
      const exact = plain && timeTerms === terms.length && range.lo !== -Infinity;
      if (c.newestFirst) return { length: inRange.length, at: (i) => inRange[inRange.length - 1 - i]!, exact };
      const ordered = c.inDefaultOrder(inRange);
      return { length: ordered.length, at: (i) => ordered[i]!, exact };
    }
  }
  if (best) {
    const ordered = c.inDefaultOrder(best);
    return { length: ordered.length, at: (i) => ordered[i]!, exact: plain && terms.length === 1 };
  }
  if (hint) {
    const ordered = c.inDefaultOrder(union(hint));
    return { length: ordered.length, at: (i) => ordered[i]! };
  }
  if (c.newestFirst) {
    const all = c.timeRange(-Infinity, Infinity);
    return { length: all.length, at: (i) => all[all.length - 1 - i]!, exact: terms.length === 0 && plain };
  }
  return { length: c.size, at: (i) => i };
}

function decodeToken(token: string): number {
  const n = Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^p:/, ''));
  if (!Number.isInteger(n) || n < 0) throw new QueryError(`Invalid $skiptoken.`);
  return n;
}

const encodeToken = (n: number) => Buffer.from(`p:${n}`).toString('base64url');

export function listPage<T extends Rec>(req: ListRequest<T>): ListPage<T> {
  const { collection, query } = req;
  const maxPage = req.maxPageSize ?? 999;
  if (query.top !== undefined && (query.top < 1 || query.top > maxPage)) {
    throw new QueryError(`Invalid page size specified: '${query.top}'. Must be between 1 and ${maxPage} inclusive.`);
  }
  const size = query.top ?? req.pageSize ?? 100;
  const source = plan(req);
  // The hint is a restriction as well as a source: a narrower index must not widen the answer.
  const allowed = req.candidates ? new Set(union(req.candidates)) : undefined;
  const accept = (pos: number): T | undefined => {
    if (allowed && !allowed.has(pos)) return undefined;
    if (!collection.isLive(pos)) return undefined;
    const record = collection.get(pos);
    if (query.filter && !matches(query.filter, record)) return undefined;
    if (req.where && !req.where(record)) return undefined;
    return record;
  };
  const start = query.skiptoken ? decodeToken(query.skiptoken) : 0;

  if (query.orderby.length > 0) {
    const all: T[] = [];
    for (let i = 0; i < source.length; i++) {
      const r = accept(source.at(i));
      if (r) all.push(r);
    }
    all.sort(compareBy(query.orderby));
    const from = start || query.skip;
    const items = all.slice(from, from + size);
    const page: ListPage<T> = { items };
    if (query.count) page.count = all.length;
    if (from + size < all.length) page.next = encodeToken(from + size);
    return page;
  }

  // Without $orderby the token is a position in the source, so each page costs its own size.
  const items: T[] = [];
  let skipped = query.skiptoken ? query.skip : 0;
  let i = start;
  for (; i < source.length && items.length < size; i++) {
    const r = accept(source.at(i));
    if (!r) continue;
    if (skipped < query.skip) {
      skipped++;
      continue;
    }
    items.push(r);
  }
  let more = false;
  for (let j = i; j < source.length; j++) {
    if (accept(source.at(j))) {
      more = true;
      i = j;
      break;
    }
  }
  const page: ListPage<T> = { items };
  if (more) page.next = encodeToken(i);
  if (query.count) {
    let total = 0;
    if (!query.filter && !req.where && !req.candidates) total = collection.count;
    else if (source.exact) total = source.length;
    else for (let j = 0; j < source.length; j++) if (accept(source.at(j))) total++;
    page.count = total;
  }
  return page;
}
