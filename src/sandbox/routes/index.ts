/**
 * The Graph routes the sandbox serves, grouped by area, and the router that matches a path to one
 * (or names the segment Graph would not find).
 */
export { approvalRoutes } from './approvals.js';
export { batchRoutes } from './batch.js';
export { communicationsRoutes } from './communications.js';
export { directoryRoutes } from './directory.js';
export { policyRoutes } from './policies.js';
export { reportRoutes } from './reports.js';
export { roleManagementRoutes } from './role-management.js';
export { teamsRoutes } from './teams.js';
export { Router, type Core, type Route, type RouteContext } from './router.js';
