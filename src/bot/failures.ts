/**
 * Graph's refusals in plain words, each with what to do next. The Graph error code stays in the
 * answer (in small print) so a helpdesk can look it up.
 */
import { PimError, type PolicyValidationError } from '../pim/index.js';
import { listInWords } from './words.js';

export interface Explained {
  /** What happened, in one sentence. */
  what: string;
  /** What the person can do about it. */
  next: string;
  /** Graph's code and request id, for the helpdesk. */
  reference?: string;
}

const RULE_WORDS: Record<string, string> = {
  MfaRule: 'you must have signed in with multi-factor authentication',
  TicketingRule: 'a ticket number is required',
  JustificationRule: 'a justification is required',
  ExpirationRule: 'the duration must be set and within the role’s maximum',
  ApprovalRule: 'the request must go through approval',
  AuthenticationContextRule: 'a Conditional Access step-up (authentication context) is required',
};

/** Policy rule names ("TicketingRule") as plain requirements. */
export function rulesInWords(rules: readonly string[]): string {
  if (rules.length === 0) return 'a rule of the role’s policy was not met';
  return listInWords(rules.map((r) => RULE_WORDS[r] ?? `the ${r.replace(/Rule$/, '')} rule must be met`));
}

function reference(err: PimError): string | undefined {
  const parts = [err.code, err.status ? `HTTP ${err.status}` : undefined, err.requestId ? `request id ${err.requestId}` : undefined].filter(Boolean);
  return parts.length ? parts.join(', ') : undefined;
}

function policyNext(rules: readonly string[]): string {
  if (rules.includes('MfaRule')) return 'Sign out of Teams, sign back in with multi-factor authentication, then say **try again**.';
  if (rules.includes('TicketingRule')) return 'Tell me the ticket number (for example CHG0048213).';
  if (rules.includes('JustificationRule')) return 'Tell me why you need the role: what you will change, and where.';
  if (rules.includes('ExpirationRule')) return 'Ask for a shorter time, within the role’s maximum.';
  return 'Ask your PIM administrator what the role’s policy expects.';
}

/** Any error an action met, explained; unknown errors get a careful, generic answer. */
export function explainFailure(err: unknown): Explained {
  if (!(err instanceof PimError)) {
    return { what: 'Something went wrong on my side.', next: 'Try again in a moment; say **status of my requests** to check whether anything was submitted.' };
  }
  const ref = reference(err);
  switch (err.kind) {
    case 'policy': {
      const rules = (err as PolicyValidationError).rules;
      return { what: `PIM refused the request because ${rulesInWords(rules)}.`, next: policyNext(rules), reference: ref };
    }
    case 'not-eligible':
      return { what: 'PIM says you are not eligible for this role (or the eligibility has ended, or nothing of it is active).', next: 'Say **what can I activate?** to see your roles, or ask your PIM administrator for an eligible assignment.', reference: ref };
    case 'conflict':
      if (/PendingRoleAssignmentRequest/i.test(err.code ?? '')) {
        return { what: 'You already have a request for this role waiting for approval.', next: 'Say **status of my requests** to see it, or **cancel my request** to withdraw it.', reference: ref };
      }
      if (/RoleAssignmentExists/i.test(err.code ?? '')) {
        return { what: 'This role is already active for you.', next: 'Say **show my active roles** to see until when.', reference: ref };
      }
      return { what: 'PIM reported a conflict: the request or role changed meanwhile.', next: 'Say **status of my requests** and try again.', reference: ref };
    case 'forbidden':
      return { what: 'Microsoft Graph refused this: you, or PIM Copilot, lack the permission for it.', next: 'Ask your PIM administrator to check the app’s consented permissions.', reference: ref };
    case 'unauthorized':
      return { what: 'Your sign-in is missing or has expired.', next: 'Sign in again and repeat your request.', reference: ref };
    case 'not-found':
      return { what: 'Microsoft Graph could not find that request or role any more.', next: 'Say **status of my requests** to see what there is.', reference: ref };
    case 'throttled':
      return { what: 'Microsoft Graph is busy and asked me to slow down.', next: 'Try again in a minute.', reference: ref };
    case 'timeout':
    case 'unavailable':
    case 'network':
      return { what: 'Microsoft Graph did not answer in time.', next: 'Say **status of my requests** to check whether your request got through before you try again.', reference: ref };
    case 'bad-request':
      if (/AcrsValidationFailed/i.test(err.code ?? '')) {
        return { what: 'This role asks for a Conditional Access step-up (an authentication context) that your sign-in does not have.', next: 'Activate it once in the Entra portal (My roles), which prompts for the step-up, or ask your PIM administrator.', reference: ref };
      }
      return { what: `Microsoft Graph refused the request: ${err.graphMessage ?? 'it was not valid'}`, next: 'Check the role and duration and try again; if it keeps failing, show this to your helpdesk.', reference: ref };
    default:
      return { what: `Microsoft Graph answered with an error${err.graphMessage ? `: ${err.graphMessage}` : '.'}`, next: 'Try again in a moment; if it keeps failing, show this to your helpdesk.', reference: ref };
  }
}

/** The explanation as a short Markdown reply. */
export function failureText(intro: string, explained: Explained): string {
  const ref = explained.reference ? `\n\n_Graph: ${explained.reference}_` : '';
  return `${intro} ${explained.what}\n\n${explained.next}${ref}`;
}
