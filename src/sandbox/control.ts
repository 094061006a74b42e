/**
 * `/_sandbox/...`: lets a separate process (a benchmark, a test in another language) move the
 * clock and inject faults. Answers loopback callers only.
 */
import type { Clock } from './clock.js';
import { ruleFromJson, type Faults } from './faults.js';
import type { TenantState } from './state.js';

export interface ControlResult {
  status: number;
  body?: unknown;
}

export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

export function control(method: string, path: string, body: unknown, ctx: { clock: Clock; faults: Faults; state: TenantState }): ControlResult {
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const fail = (message: string): ControlResult => ({ status: 400, body: { error: { code: 'BadRequest', message } } });
  try {
    if (path === '/_sandbox/clock') {
      if (method === 'POST') {
        if (input.set !== undefined) ctx.clock.set(String(input.set));
        if (input.advanceMs !== undefined) ctx.clock.advance(Number(input.advanceMs));
      } else if (method !== 'GET') return { status: 405 };
      return { status: 200, body: { now: ctx.clock.now().toISOString() } };
    }
    if (path === '/_sandbox/faults') {
      if (method === 'DELETE' || (method === 'POST' && input.clear === true)) ctx.faults.clear();
      else if (method === 'POST') {
        const rule = ruleFromJson(input);
        if (input.add === true) ctx.faults.add(rule);
        else ctx.faults.set(rule);
      } else if (method !== 'GET') return { status: 405 };
      return { status: 200, body: { rules: ctx.faults.list().map((r) => ({ ...r, route: r.route instanceof RegExp ? r.route.source : r.route })) } };
    }
    if (path === '/_sandbox/health' && method === 'GET') {
      const counts = Object.fromEntries(Object.entries(ctx.state.collections).map(([name, c]) => [name, c.count]));
      return { status: 200, body: { tenantId: ctx.state.tenantId, now: ctx.clock.now().toISOString(), counts } };
    }
  } catch (err) {
    return fail((err as Error).message);
  }
  return { status: 404, body: { error: { code: 'NotFound', message: `No sandbox control at ${path}.` } } };
}
