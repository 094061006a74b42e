/** Knowledge of Entra built-in roles: tier, the services each administers and what it can do.
 *  Pure data and lookups, shared by triage, the conversation planner and the oversight scanner. */
export { ROLE_CATALOG, roleInfo, rolesForDomain, coversAllDomains, type RoleInfo, type RoleTier } from './catalog.js';
export { DOMAINS, domainOfText, domainLabel, type Domain, type DomainInfo, type DomainMatch } from './domains.js';
