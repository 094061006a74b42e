/** Every signal the engine scores, in the order their factors are listed to an approver. */
import type { Signal, SignalInput } from '../signal.js';
import { departmentFit, ownHistory, recentDenials } from './history.js';
import { accountAge, breakGlass, riskyUser, unfamiliarLocation } from './identity.js';
import { duration, justificationQuality, offHours, promptInjection, roleMismatch, ticket } from './request.js';
import { narrowerRole, roleSensitivity } from './role.js';
import { TICKET_FACT_SIGNALS } from './ticket-facts.js';

export type SignalFn = (input: SignalInput) => Signal | null;

export const SIGNALS: readonly SignalFn[] = [
  promptInjection,
  breakGlass,
  riskyUser,
  unfamiliarLocation,
  accountAge,
  roleSensitivity,
  narrowerRole,
  ownHistory,
  departmentFit,
  recentDenials,
  roleMismatch,
  justificationQuality,
  ticket,
  ...TICKET_FACT_SIGNALS,
  duration,
  offHours,
];

export { departmentFit, ownHistory, recentDenials, accountAge, breakGlass, riskyUser, unfamiliarLocation, duration, justificationQuality, offHours, promptInjection, roleMismatch, ticket, narrowerRole, roleSensitivity, TICKET_FACT_SIGNALS };
