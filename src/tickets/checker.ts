/**
 * Checks the ticket a request cites: picks the connector by the ticket's format and the system the
 * request names, asks it within one time budget, and keeps answers for a short while. Never throws:
 * a slow, dead or refusing system gives facts that say the ticket could not be checked.
 */
import type { Logger } from 'pino';
import { TtlCache } from '../pim/ttl-cache.js';
import { checkTicket, type TicketRef } from '../triage/tickets.js';
import type { PersonKeys, TicketConnector, TicketFacts, TicketRecord } from './facts.js';
import { requesterOnTicket } from './findings.js';
import { TicketSystemError } from './http.js';

export interface TicketCheckerOptions {
  connectors: TicketConnector[];
  /** Longest one check may take, every call included; after that the ticket counts as unchecked. */
  timeoutMs: number;
  /** How long an answer (found or not found) is reused; failures are never kept. */
  cacheSeconds: number;
  log?: Logger;
  now?: () => Date;
}

/** Where a request names its ticket: the ticket field, or failing that the justification. */
export interface TicketReference {
  ticketNumber?: string;
  ticketSystem?: string;
  justification?: string;
}

const KINDS = new Set<TicketFacts['kind']>(['incident', 'change', 'request', 'problem', 'task', 'issue']);

function within<T>(work: Promise<T>, ms: number, system: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TicketSystemError(`${system} did not answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export class TicketChecker {
  private readonly records: TtlCache<Promise<TicketRecord | null>>;
  private readonly memberships: TtlCache<Promise<boolean>>;
  private readonly now: () => Date;

  constructor(private readonly options: TicketCheckerOptions) {
    this.records = new TtlCache(options.cacheSeconds * 1000);
    this.memberships = new TtlCache(options.cacheSeconds * 1000);
    this.now = options.now ?? (() => new Date());
  }

  /** The systems this checker can ask. */
  get systems(): string[] {
    return this.options.connectors.map((c) => c.system);
  }

  /** The connector for a reference, and the reference itself; undefined when no configured system reads it. */
  route(reference: TicketReference): { connector: TicketConnector; ref: TicketRef } | undefined {
    const { ref } = checkTicket(reference.ticketNumber, reference.ticketSystem, reference.justification ?? '');
    if (!ref) return undefined;
    const candidates = this.options.connectors.filter((c) => c.handles(ref.number));
    // The system the request names wins when it is one of ours; otherwise the one the format points at.
    const declared = reference.ticketSystem?.toLowerCase().replace(/\s+/g, '');
    const connector = candidates.find((c) => declared?.includes(c.system.toLowerCase())) ?? candidates.find((c) => c.system === ref.system);
    return connector ? { connector, ref } : undefined;
  }

  /** The cited ticket's facts for this requester; undefined when the request cites none this checker can ask about. */
  async check(reference: TicketReference, requester: PersonKeys): Promise<TicketFacts | undefined> {
    const route = this.route(reference);
    if (!route) return undefined;
    const { connector, ref } = route;
    const base = { number: ref.number, system: connector.system, checkedAt: this.now().toISOString(), kind: KINDS.has(ref.kind as TicketFacts['kind']) ? (ref.kind as TicketFacts['kind']) : undefined };
    const { timeoutMs, log } = this.options;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const facts = await within(this.lookup(connector, ref.number, requester, signal), timeoutMs, connector.system);
      log?.debug({ ticketSystem: connector.system, ticket: ref.number, status: facts ? 'found' : 'not-found' }, 'ticket checked');
      return facts ? { ...facts, checkedAt: base.checkedAt } : { ...base, status: 'not-found' };
    } catch (err) {
      const problem = signal.aborted ? `${connector.system} did not answer within ${timeoutMs} ms` : err instanceof TicketSystemError ? err.message : `${connector.system} gave an answer that could not be read`;
      log?.warn({ ticketSystem: connector.system, ticket: ref.number, problem }, 'ticket could not be checked');
      return { ...base, status: 'unavailable', problem };
    }
  }

  private async lookup(connector: TicketConnector, number: string, requester: PersonKeys, signal: AbortSignal): Promise<TicketFacts | null> {
    const record = await this.records.getOrCreate(`${connector.system}:${number}`, () => connector.get(number, signal));
    if (!record) return null;
    const { assignmentGroup, ...rest } = record;
    const facts: TicketFacts = { ...rest, status: 'found', checkedAt: '', assignmentGroup: assignmentGroup?.name };
    // Group membership is asked only when the requester is not on the ticket by name.
    if (assignmentGroup && connector.isGroupMember && requesterOnTicket({ ...facts, assignmentGroup: undefined }, requester) !== true) {
      const who = (requester.userPrincipalName ?? requester.mail ?? '').toLowerCase();
      try {
        facts.requesterInGroup = await this.memberships.getOrCreate(`${connector.system}:${assignmentGroup.id}:${who}`, () => connector.isGroupMember!(assignmentGroup.id, requester, signal));
      } catch (err) {
        // The ticket itself was read; only the group is unknown, and findings leave it open.
        if (signal.aborted) throw err;
        facts.problem = `${connector.system} did not say whether the requester is in ${assignmentGroup.name}`;
      }
    }
    return facts;
  }
}
