/**
 * Which rollout mode a role is in: the per-role setting (by display name or id), else the default.
 * Tier-0 roles are never in auto mode, whatever the settings say; they get cards instead.
 */
import type { Config, RolloutMode } from '../config.js';
import { roleInfo } from '../roles/index.js';

export interface RoleRef {
  id: string;
  displayName: string;
  /** The engine's tier for the role; the catalog's is used when absent. */
  tier?: 0 | 1 | 2;
}

/** The mode the settings give the role, before the tier-0 rule. */
export function configuredModeOf(rollout: Config['workflow']['rollout'], role: RoleRef): RolloutMode {
  return rollout.modes[role.displayName.toLowerCase()] ?? rollout.modes[role.id.toLowerCase()] ?? rollout.defaultMode;
}

export function rolloutModeOf(rollout: Config['workflow']['rollout'], role: RoleRef): RolloutMode {
  const configured = configuredModeOf(rollout, role);
  const tier = role.tier ?? roleInfo(role.id)?.tier;
  return configured === 'auto' && tier === 0 ? 'assist' : configured;
}
