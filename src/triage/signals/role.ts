/** Signals about the role itself: how much it can do, and whether a smaller role would do the job. */
import { coversAllDomains, domainLabel, rolesForDomain, type Domain } from '../../roles/index.js';
import { SETTINGS } from '../settings.js';
import { factor, type Signal, type SignalInput } from '../signal.js';

const P = SETTINGS.points;

export function roleSensitivity({ role }: SignalInput): Signal {
  if (role.tier === 0) {
    return {
      factor: factor('role-tier', P.tier0, `${role.displayName} is a tier-0 (control-plane) role: ${role.description}`),
      flags: ['tier0-role'],
      label: `${role.displayName} is a tier-0 role`,
      floor: { score: SETTINGS.floors.tier0, reason: 'tier-0 roles are never low risk' },
    };
  }
  if (role.tier === 1) {
    const points = role.privileged ? P.tier1Privileged : P.tier1;
    const kind = role.privileged ? 'a privileged tier-1 role' : 'a tier-1 workload administrator role';
    return { label: `${role.displayName} (${role.privileged ? 'privileged ' : ''}tier 1)`, factor: factor('role-tier', points, `${role.displayName} is ${kind}: ${role.description}`) };
  }
  return { factor: factor('role-tier', P.tier2, `${role.displayName} is a tier-2 role: ${role.description}`) };
}

/** Services too broad to point at one smaller role. */
const NO_NARROWER: ReadonlySet<Domain> = new Set<Domain>(['directory', 'role-management', 'hybrid-identity', 'reports', 'applications']);

/** A tier-0 role asked for a task that a single workload role covers. */
export function narrowerRole({ role, reading }: SignalInput): Signal | null {
  if (role.tier !== 0) return null;
  const top = reading.domains[0];
  if (!top || NO_NARROWER.has(top.domain)) return null;
  const candidate = rolesForDomain(top.domain).find((r) => r.tier > 0 && r.domains[0] === top.domain && !r.readOnly && !coversAllDomains(r));
  if (!candidate) return null;
  return {
    label: `${candidate.displayName} would do`,
    factor: factor(
      'narrower-role',
      SETTINGS.points.narrowerRole,
      `The justification is about ${domainLabel(top.domain)} ("${top.hits[0]}"); ${candidate.displayName} would cover that without ${role.displayName}'s reach.`,
    ),
  };
}
