/**
 * Failures on demand for tests and benchmarks: added latency, throttling (429 with Retry-After),
 * outages (503) and dropped connections, on all routes or the ones a pattern picks, optionally
 * for a limited number of requests.
 */
export interface FaultRule {
  /** Which requests: a RegExp, or a string contained in the path and query. All when absent. */
  route?: RegExp | string;
  latencyMs?: number;
  /** Share of matching requests answered 429 (0..1). */
  throttleRate?: number;
  /** Share answered 503 (0..1). */
  unavailableRate?: number;
  /** Share whose connection is destroyed without an answer (0..1). */
  dropRate?: number;
  /** Retry-After, in seconds, on 429 and 503; default 1. */
  retryAfterSeconds?: number;
  /** How many matching requests the rule affects before it lapses; unlimited when absent. */
  count?: number;
}

export type FaultOutcome =
  | { kind: 'throttle'; retryAfter: number }
  | { kind: 'unavailable'; retryAfter: number }
  | { kind: 'drop' }
  | { kind: 'none' };

export interface FaultDecision {
  latencyMs: number;
  outcome: FaultOutcome;
}

interface ActiveRule extends FaultRule {
  remaining: number;
}

export class Faults {
  private rules: ActiveRule[] = [];

  /** Replaces every rule with this one. */
  set(rule: FaultRule): void {
    this.rules = [];
    this.add(rule);
  }

  add(rule: FaultRule): void {
    for (const key of ['throttleRate', 'unavailableRate', 'dropRate'] as const) {
      const v = rule[key];
      if (v !== undefined && (!(v >= 0) || v > 1)) throw new Error(`${key} must be between 0 and 1`);
    }
    this.rules.push({ ...rule, remaining: rule.count ?? Infinity });
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map(({ remaining, ...rule }) => ({ ...rule, ...(Number.isFinite(remaining) ? { count: remaining } : {}) }));
  }

  /** What happens to one request; consumes the count of the rules that apply. */
  decide(target: string, random: () => number = Math.random): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, outcome: { kind: 'none' } };
    for (const rule of this.rules) {
      if (rule.remaining <= 0 || !applies(rule.route, target)) continue;
      rule.remaining--;
      decision.latencyMs += rule.latencyMs ?? 0;
      if (decision.outcome.kind !== 'none') continue;
      const retryAfter = rule.retryAfterSeconds ?? 1;
      if (rule.dropRate && random() < rule.dropRate) decision.outcome = { kind: 'drop' };
      else if (rule.throttleRate && random() < rule.throttleRate) decision.outcome = { kind: 'throttle', retryAfter };
      else if (rule.unavailableRate && random() < rule.unavailableRate) decision.outcome = { kind: 'unavailable', retryAfter };
    }
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return decision;
  }
}

function applies(route: RegExp | string | undefined, target: string): boolean {
  if (route === undefined) return true;
  if (typeof route === 'string') return target.includes(route);
  route.lastIndex = 0;
  return route.test(target);
}

/** A rule from JSON (the HTTP control endpoint): `route` is a substring, `routePattern` a RegExp source. */
export function ruleFromJson(body: Record<string, unknown>): FaultRule {
  const num = (k: string) => {
    const v = body[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number') throw new Error(`${k} must be a number`);
    return v;
  };
  const rule: FaultRule = {};
  if (typeof body.routePattern === 'string') rule.route = new RegExp(body.routePattern);
  else if (typeof body.route === 'string') rule.route = body.route;
  const fields = ['latencyMs', 'throttleRate', 'unavailableRate', 'dropRate', 'retryAfterSeconds', 'count'] as const;
  for (const k of fields) {
    const v = num(k);
    if (v !== undefined) rule[k] = v;
  }
  return rule;
}
