/** Follows `@odata.nextLink` page by page; each page is one call through the retrying client. */
import type { Client, GraphRequest } from '@microsoft/microsoft-graph-client';
import { z } from 'zod/v4';
import { call } from './call.js';
import { check } from './shapes.js';

export interface Page {
  value: unknown[];
  '@odata.nextLink'?: string;
}

export interface PageOptions<T> {
  /** Checked on every item; an item that fails stops the walk with a ResponseShapeError. */
  schema?: z.ZodTypeAny;
  what?: string;
  /** Stop after this many items (pages are not fetched past it). */
  limit?: number;
  /** Applied to each checked item, e.g. to normalise enum casing. */
  map?: (item: T) => T;
}

/**
 * A nextLink is absolute; the SDK only parses https ones, so we turn it back into
 * version + path for the same client (sandbox links are http).
 */
export function requestForLink(client: Client, link: string): GraphRequest {
  const match = /^https?:\/\/[^/]+\/(v1\.0|beta)\/(.*)$/.exec(link);
  return match ? client.api(`/${match[2]}`).version(match[1]!) : client.api(link);
}

const pageSchema = z.object({ value: z.array(z.unknown()), '@odata.nextLink': z.string().optional() });

export function readPage(body: unknown, what: string): Page {
  return check<Page>(pageSchema, body, `${what} page`);
}

/** Items of a collection, fetched lazily from `first` on. */
export async function* pageItems<T>(client: Client, first: GraphRequest | Page, options: PageOptions<T> = {}): AsyncGenerator<T> {
  const what = options.what ?? 'collection item';
  let page: Page = isRequest(first) ? readPage(await call(() => first.get()), what) : first;
  let seen = 0;
  for (;;) {
    for (const raw of page.value) {
      if (options.limit !== undefined && seen >= options.limit) return;
      let item = options.schema ? check<T>(options.schema, raw, what) : (raw as T);
      if (options.map) item = options.map(item);
      seen++;
      yield item;
    }
    const next = page['@odata.nextLink'];
    if (!next || (options.limit !== undefined && seen >= options.limit)) return;
    page = readPage(await call(() => requestForLink(client, next).get()), what);
  }
}

function isRequest(value: GraphRequest | Page): value is GraphRequest {
  return typeof (value as GraphRequest).get === 'function';
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** All items (up to `limit`) of a collection. */
export function listAll<T>(client: Client, first: GraphRequest | Page, options: PageOptions<T> = {}): Promise<T[]> {
  return collect(pageItems(client, first, options));
}
