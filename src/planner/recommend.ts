/**
 * Least-privileged roles for a task: the tenant's roles whose actions cover what the task needs,
 * readers before service admins before control-plane roles, then the fewest and narrowest rights.
 */
import { coversAllDomains, domainLabel, domainOfText, roleInfo, type Domain, type RoleTier } from '../roles/index.js';
import { needsOf, type Need } from './capabilities.js';
import { breadth, covers, readsOnly } from './resource-actions.js';
import { knownActions, NOT_FOR_PEOPLE } from './known-actions.js';
import { findRole } from './role-match.js';

/** A role definition as Graph returns it (or the parts the recommender reads). */
export interface RoleDefinitionLike {
  id?: string | null;
  displayName?: string | null;
  templateId?: string | null;
  isPrivileged?: boolean | null;
  rolePermissions?: Array<{ allowedResourceActions?: string[] | null }> | null;
}

export interface RoleRecommendation {
  displayName: string;
  id: string;
  reason: string;
  /** 0–1, higher is a better fit: covers more of the task with less power. */
  score: number;
}

interface Candidate {
  displayName: string;
  id: string;
  tier: RoleTier;
  actions: string[];
  breadth: number;
  everything: boolean;
  readOnly: boolean;
  /** The services the catalog says the role administers. */
  domains: readonly Domain[];
  /** Per need: the action that covers it, `domain` when only the catalog says so, or null. */
  covered: Array<string | 'domain' | null>;
}

function candidatesOf(roles: readonly RoleDefinitionLike[]): Candidate[] {
  const out: Candidate[] = [];
  for (const r of roles) {
    if (!r.id || !r.displayName) continue;
    const info = roleInfo(r.templateId ?? undefined) ?? roleInfo(r.displayName);
    const templateId = (r.templateId ?? info?.templateId ?? '').toLowerCase();
    if (NOT_FOR_PEOPLE.has(templateId)) continue;
    // The snapshot may list part of a built-in role's actions; the documented ones fill the gaps.
    const own = (r.rolePermissions ?? []).flatMap((p) => p.allowedResourceActions ?? []);
    const actions = [...new Set([...own, ...knownActions(templateId)])];
    out.push({
      displayName: r.displayName,
      id: r.id,
      tier: info?.tier ?? (r.isPrivileged ? 0 : 1),
      actions,
      breadth: actions.reduce((sum, a) => sum + breadth(a), 0),
      everything: info ? coversAllDomains(info) : false,
      readOnly: info?.readOnly ?? (actions.length > 0 && actions.every(readsOnly)),
      domains: info?.domains ?? [],
      covered: [],
    });
  }
  return out;
}

function coverNeeds(candidates: Candidate[], needs: readonly Need[]): void {
  needs.forEach((need, i) => {
    const wanted = need.readOnly && need.capability.readActions ? need.capability.readActions : need.capability.actions;
    for (const c of candidates) {
      c.covered[i] = c.actions.find((held) => wanted.some((w) => covers(held, w))) ?? null;
      // A tenant-wide administrator can do anything; a tenant-wide reader can see anything.
      if (!c.covered[i] && c.everything && (need.readOnly || !c.readOnly)) c.covered[i] = c.actions[0] ?? 'domain';
    }
    // When only tenant-wide roles' actions reach it (a snapshot lists a subset), the catalog's services decide:
    // never for a task about the whole tenant, and a reader only for a look.
    if (need.capability.tenantWide || candidates.some((c) => c.covered[i] && !c.everything)) return;
    for (const c of candidates) if (!c.everything && (need.readOnly || !c.readOnly) && c.domains.includes(need.capability.domain)) c.covered[i] = 'domain';
  });
}

const TIER_WORDS: Record<RoleTier, string> = {
  0: 'a control-plane (tier 0) role that can take over the tenant',
  1: 'an administrator of its service (tier 1)',
  2: 'read-only (tier 2)',
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function reasonFor(c: Candidate, needs: readonly Need[], rank: number, rivals: number, best: Candidate | undefined): string {
  const done = needs.filter((_, i) => c.covered[i]);
  const notDone = needs.filter((_, i) => !c.covered[i]);
  const words = (n: Need): string => (n.readOnly && n.capability.reads ? n.capability.reads : n.capability.does);
  const what = done.map(words).join(' and ');
  const via = done.map((n) => c.covered[needs.indexOf(n)]).find((a) => a && a !== 'domain');
  const how = via ? ` (${via})` : ` (it administers ${domainLabel(done[0]!.capability.domain)})`;
  const gap = notDone.length ? `; it cannot ${notDone.map(words).join(' or ')}` : '';
  if (rank === 0) {
    const among = rivals > 1 ? `the least privileged of the ${rivals} roles in this tenant that can` : 'the only role in this tenant that can';
    return `Can ${what}${how}${gap}; ${among}. It is ${TIER_WORDS[c.tier]} with ${plural(c.actions.length, 'permission')}.`;
  }
  const broader = c.everything
    ? 'it reaches every service in the tenant'
    : best && c.tier < best.tier
      ? `it is ${TIER_WORDS[c.tier]}`
      : `it holds broader rights (${plural(c.actions.length, 'permission')})`;
  return `Can also ${what}${how}${gap}, but ${broader}.`;
}

const TIER_FIT: Record<RoleTier, number> = { 0: 0.4, 1: 0.7, 2: 1 };

/** Higher for more of the task with less power: tier first, then breadth of rights. */
function scoreOf(coverage: number, c: Candidate): number {
  return Math.round(((coverage * TIER_FIT[c.tier]) / (1 + Math.log10(1 + c.breadth) / 3)) * 100) / 100;
}

function rankAndExplain(candidates: Candidate[], needs: readonly Need[], limit: number): RoleRecommendation[] {
  const coverage = (c: Candidate): number => c.covered.filter(Boolean).length / Math.max(1, needs.length);
  const fitting = candidates.filter((c) => coverage(c) > 0);
  fitting.sort((a, b) => coverage(b) - coverage(a) || b.tier - a.tier || a.breadth - b.breadth || a.actions.length - b.actions.length || a.displayName.localeCompare(b.displayName));
  const best = fitting[0];
  return fitting.slice(0, limit).map((c, rank) => ({
    displayName: c.displayName,
    id: c.id,
    reason: reasonFor(c, needs, rank, fitting.length, best),
    score: scoreOf(coverage(c), c),
  }));
}

/** Falls back to the service a task talks about, then to a role it names, when no known task fits. */
function byDomain(task: string, candidates: Candidate[], limit: number, roles: readonly RoleDefinitionLike[]): RoleRecommendation[] {
  const domains = domainOfText(task).map((d) => d.domain);
  const fitting = candidates.filter((c) => !c.everything && domains.some((d) => c.domains.includes(d)));
  if (fitting.length) {
    const domain = domains.find((d) => fitting.some((c) => c.domains.includes(d)))!;
    const ranked = fitting
      .filter((c) => c.domains.includes(domain))
      .sort((a, b) => b.tier - a.tier || a.breadth - b.breadth || a.actions.length - b.actions.length || a.displayName.localeCompare(b.displayName));
    return ranked.slice(0, limit).map((c, rank) => ({
      displayName: c.displayName,
      id: c.id,
      reason: `${rank === 0 ? 'Administers' : 'Also administers'} ${domainLabel(domain)}, which the task is about; it is ${TIER_WORDS[c.tier]}.`,
      score: scoreOf(0.5, c),
    }));
  }
  const named = findRole(task, roles.filter((r): r is RoleDefinitionLike & { id: string; displayName: string } => Boolean(r.id && r.displayName)));
  if (!named) return [];
  return [{ displayName: named.role.displayName, id: named.role.id, reason: 'The task names this role; no narrower fit is known.', score: 0.3 }];
}

/** Ranked roles of the tenant that can do a task, least privileged first; empty when none is known to fit. */
export function recommendRoles(task: string, roles: readonly RoleDefinitionLike[], limit = 5): RoleRecommendation[] {
  const candidates = candidatesOf(roles);
  const needs = needsOf(task);
  if (needs.length === 0) return byDomain(task, candidates, limit, roles);
  coverNeeds(candidates, needs);
  return rankAndExplain(candidates, needs, limit);
}
