/**
 * Turning records into Graph answers: `@odata.context`, collection pages with `@odata.count` and
 * `@odata.nextLink`, and single entities.
 */
import type { GraphResult } from '../http.js';
import { matches } from '../odata/evaluate.js';
import { compareBy, project } from '../odata/options.js';
import type { Collection, Rec } from '../store/collection.js';
import { listPage, type ListRequest } from '../store/list.js';
import type { RouteContext } from './router.js';

export function contextUrl(ctx: RouteContext, fragment: string): string {
  return `${ctx.core.baseUrl()}/${ctx.req.version}/$metadata#${fragment}`;
}

function nextLink(ctx: RouteContext, token: string): string {
  const params = new URLSearchParams(ctx.req.params);
  params.delete('$skiptoken');
  params.delete('skiptoken');
  params.set('$skiptoken', token);
  return `${ctx.core.baseUrl()}/${ctx.req.version}${ctx.req.path}?${params.toString()}`;
}

export interface PageOptions<T extends Rec> extends Omit<ListRequest<T>, 'collection' | 'query'> {
  /** Shapes a stored record into what the route returns (default properties, expansions). */
  view?: (record: T) => Rec;
}

/** One page of a collection, as `{ @odata.context, @odata.count?, value, @odata.nextLink? }`. */
export function collectionResult<T extends Rec>(ctx: RouteContext, collection: Collection<T>, fragment: string, options: PageOptions<T> = {}): GraphResult {
  const { view, ...list } = options;
  const page = listPage({ collection, query: ctx.query, ...list });
  return valueResult(ctx, fragment, page.items.map((r) => (view ? view(r) : r)), page.count, page.next);
}

/** Pages, filters and counts a list of records already in hand (members, derived lists). */
export function arrayResult(ctx: RouteContext, fragment: string, records: Rec[]): GraphResult {
  const q = ctx.query;
  let items = q.filter ? records.filter((r) => matches(q.filter!, r)) : records;
  if (q.orderby.length > 0) items = [...items].sort(compareBy(q.orderby));
  const size = q.top ?? 100;
  const from = (q.skiptoken ? Number(Buffer.from(q.skiptoken, 'base64url').toString().replace(/^p:/, '')) || 0 : 0) + (q.skiptoken ? 0 : q.skip);
  const next = from + size < items.length ? Buffer.from(`p:${from + size}`).toString('base64url') : undefined;
  return valueResult(ctx, fragment, items.slice(from, from + size), q.count ? items.length : undefined, next);
}

/** A collection answer from records already in hand (small, derived lists). */
export function valueResult(ctx: RouteContext, fragment: string, items: Rec[], count?: number, next?: string): GraphResult {
  const body: Rec = { '@odata.context': contextUrl(ctx, fragment) };
  if (count !== undefined) body['@odata.count'] = count;
  body.value = items.map((r) => project(r, ctx.query.select, ctx.query.expand));
  if (next) body['@odata.nextLink'] = nextLink(ctx, next);
  return { status: 200, body };
}

export function entityResult(ctx: RouteContext, fragment: string, record: Rec, status = 200): GraphResult {
  return { status, body: { '@odata.context': contextUrl(ctx, `${fragment}/$entity`), ...project(record, ctx.query.select, ctx.query.expand) } };
}

/** Drops navigation properties a snapshot stores expanded but Graph returns only on $expand. */
export function without(record: Rec, ...keys: string[]): Rec {
  const out: Rec = {};
  for (const [k, v] of Object.entries(record)) if (!keys.includes(k)) out[k] = v;
  return out;
}
