/** The local planner: reads intent and slots from what a person types, with no network,
 *  and recommends the least-privileged roles of a tenant for a task. */
export { parseUtterance } from './parse.js';
export { recommendRoles, type RoleDefinitionLike, type RoleRecommendation } from './recommend.js';
export { contextFor, peopleOf, rolesOf } from './tenant-context.js';
export { readDuration, isoDuration, type DurationRead } from './duration.js';
export { readTicket, type TicketRead } from './ticket.js';
export { findRole, findRoleMentions, type RoleMention } from './role-match.js';
export { findPerson, type PersonMention } from './person-match.js';
export { toIanaZone } from './time-zone.js';
export type { Intent, MissingSlot, ParseContext, ParseResult, PlannerPerson, PlannerRole } from './types.js';
