/**
 * Brings the ticket check into triage without making the engine impure: the facts are fetched
 * first and put on the context, where the ticket signals read them; the engine carries them onto
 * the analysis for the approval card and the audit trail.
 */
import { triage } from '../triage/engine.js';
import type { Analysis, Baseline, TriageContext } from '../triage/types.js';
import type { TicketChecker } from './checker.js';

/** The context with `ticketFacts` when the cited ticket was (or could not be) checked; unchanged otherwise. */
export async function withTicketFacts(ctx: TriageContext, checker: TicketChecker | undefined): Promise<TriageContext> {
  if (!checker) return ctx;
  const { request, requester } = ctx;
  const facts = await checker.check(
    { ticketNumber: request.ticketNumber, ticketSystem: request.ticketSystem, justification: request.justification },
    { userPrincipalName: requester.userPrincipalName, displayName: requester.displayName },
  );
  return facts ? { ...ctx, ticketFacts: facts } : ctx;
}

/** Checks the ticket (within the checker's timeout), then triages; without a checker it is plain `triage`. */
export async function triageWithTicket(ctx: TriageContext, baseline: Baseline, now: Date | string, checker: TicketChecker | undefined): Promise<Analysis> {
  // The engine carries the context's facts onto the analysis, for the card and the narrative.
  return triage(await withTicketFacts(ctx, checker), baseline, now);
}
