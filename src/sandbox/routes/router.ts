/**
 * Graph route matching: case-insensitive path segments with `:params` (also inside function
 * segments such as `filterByCurrentUser(on=':on')`), per-version availability, and the
 * "Resource not found for the segment" answer Graph gives for a path it does not know.
 */
import type { Caller } from '../caller.js';
import type { Faults } from '../faults.js';
import type { GraphRequest, GraphResult } from '../http.js';
import type { QueryOptions } from '../odata/options.js';
import type { Pim } from '../pim/engine.js';
import type { Requirement } from '../permissions.js';
import type { TenantState } from '../state.js';

export interface Core {
  state: TenantState;
  pim: Pim;
  faults: Faults;
  baseUrl(): string;
  /** Runs one Graph call (used by $batch for its parts). */
  dispatch(req: GraphRequest): Promise<GraphResult>;
}

export interface RouteContext {
  core: Core;
  req: GraphRequest;
  params: Record<string, string>;
  caller: Caller;
  query: QueryOptions;
}

export interface Route {
  method: string;
  pattern: string;
  /** Versions serving the route; both when absent. */
  versions?: Array<'v1.0' | 'beta'>;
  needs: Requirement;
  handle(ctx: RouteContext): GraphResult | Promise<GraphResult>;
}

interface Compiled {
  route: Route;
  segments: RegExp[];
  literal: Array<string | null>;
}

function compileSegment(seg: string): RegExp {
  let re = '';
  let i = 0;
  while (i < seg.length) {
    const m = /^:([A-Za-z]+)/.exec(seg.slice(i));
    if (m) {
      re += `(?<${m[1]}>[^/']+)`;
      i += m[0].length;
    } else {
      re += seg[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  return new RegExp(`^${re}$`, 'i');
}

export type Match = { route: Route; params: Record<string, string> } | { error: 'method'; allowed: string[] } | { error: 'segment'; segment: string };

export class Router {
  private readonly compiled: Compiled[] = [];

  add(routes: Route[]): this {
    for (const route of routes) {
      const parts = route.pattern.split('/').filter(Boolean);
      this.compiled.push({ route, segments: parts.map(compileSegment), literal: parts.map((p) => (p.includes(':') ? null : p.toLowerCase())) });
    }
    return this;
  }

  match(method: string, version: 'v1.0' | 'beta', path: string): Match {
    const parts = path.split('/').filter(Boolean);
    const allowed: string[] = [];
    let deepest = 0;
    for (const c of this.compiled) {
      if (c.route.versions && !c.route.versions.includes(version)) continue;
      let depth = 0;
      const params: Record<string, string> = {};
      for (; depth < parts.length && depth < c.segments.length; depth++) {
        const m = c.segments[depth]!.exec(parts[depth]!);
        if (!m) break;
        Object.assign(params, m.groups);
      }
      deepest = Math.max(deepest, depth);
      if (depth !== parts.length || depth !== c.segments.length) continue;
      if (c.route.method !== method) {
        allowed.push(c.route.method);
        continue;
      }
      return { route: c.route, params };
    }
    if (allowed.length > 0) return { error: 'method', allowed };
    return { error: 'segment', segment: parts[Math.min(deepest, parts.length - 1)] ?? '' };
  }
}

export type { Caller };
