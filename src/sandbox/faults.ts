/**
 * Failures on demand for tests and benchmarks: added latency, throttling (429 with Retry-After),
 * outages (503), dropped connections and lost answers (the request carried out, its answer never
 * sent: what a client whose call timed out cannot tell from a request never made), on all routes
 * or the ones a pattern and method pick, optionally for a limited number of requests.
 */
export interface FaultRule {
  /** Which requests: a RegExp, or a string contained in the path and query. All when absent. */
  route?: RegExp | string;
  /** Only requests of this HTTP method (any case); all when absent. */
  method?: string;
  latencyMs?: number;
  /** Share of matching requests answered 429 (0..1). */
  throttleRate?: number;
  /** Share answered 503 (0..1). */
  unavailableRate?: number;
  /** Share whose connection is destroyed without an answer (0..1). */
  dropRate?: number;
  /** Share carried out, then their connection destroyed instead of answered (0..1). */
  loseAnswerRate?: number;
  /** Retry-After, in seconds, on 429 and 503; default 1. */
  retryAfterSeconds?: number;
  /** How many matching requests the rule affects before it lapses; unlimited when absent. */
  count?: number;
}

export type FaultOutcome =
  | { kind: 'throttle'; retryAfter: number }
  | { kind: 'unavailable'; retryAfter: number }
  | { kind: 'drop' }
  | { kind: 'lose-answer' }
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
    for (const key of ['throttleRate', 'unavailableRate', 'dropRate', 'loseAnswerRate'] as const) {
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
  decide(target: string, method = 'GET', random: () => number = Math.random): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, outcome: { kind: 'none' } };
    for (const rule of this.rules) {
      if (rule.remaining <= 0 || !applies(rule.route, target) || (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase())) continue;
      rule.remaining--;
      decision.latencyMs += rule.latencyMs ?? 0;
      if (decision.outcome.kind !== 'none') continue;
      const retryAfter = rule.retryAfterSeconds ?? 1;
      if (rule.dropRate && random() < rule.dropRate) decision.outcome = { kind: 'drop' };
      else if (rule.loseAnswerRate && random() < rule.loseAnswerRate) decision.outcome = { kind: 'lose-answer' };
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
  if (typeof body.method === 'string') rule.method = body.method;
  const fields = ['latencyMs', 'throttleRate', 'unavailableRate', 'dropRate', 'loseAnswerRate', 'retryAfterSeconds', 'count'] as const;
  for (const k of fields) {
    const v = num(k);
    if (v !== undefined) rule[k] = v;
  }
  return rule;
}
