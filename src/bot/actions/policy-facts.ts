/** A role's activation policy in the words of a short list item: limit, approval, ticket, MFA. */
import type { RolePolicy } from '../../pim/index.js';
import { durationInWords } from '../words.js';

export function policyFacts(policy: RolePolicy | undefined): string {
  if (!policy) return 'policy unknown';
  const facts = [
    `up to ${durationInWords(policy.maxDuration)}`,
    policy.approvalRequired ? 'approval needed' : 'no approval',
    ...(policy.requiresTicket ? ['ticket needed'] : []),
    ...(policy.requiresMfa ? ['MFA'] : []),
    ...(policy.authenticationContext ? ['Conditional Access step-up'] : []),
  ];
  return facts.join(' · ');
}

/** Who approves, as the policy describes them ("PIM Approvers - Service Owners"). */
export function approversInWords(policy: RolePolicy): string {
  const names = policy.approvers.map((a) => a.description).filter((d): d is string => Boolean(d));
  return names.length ? names.join(', ') : 'the approvers named in the role’s policy';
}
