/** A readable, terminal-sized rendering of an analysis, for people running the command by hand. */
import type { Analysis } from './types.js';

export function formatAnalysis(a: Analysis): string {
  const lines = [
    `Request ${a.requestId}: ${a.role.displayName} (tier ${a.role.tier})`,
    `Risk ${a.riskScore}/10 (${a.riskBand}); recommended: ${a.recommendedAction}; auto-approvable: ${a.autoApprovable ? 'yes' : `no (${a.autoApproveBlockers.join(', ')})`}`,
    `Suggested duration: ${a.suggestedDuration}`,
    '',
    a.rationale,
    '',
    'Factors:',
    ...a.factors.map((f) => `  ${(f.points > 0 ? `+${f.points}` : String(f.points)).padStart(3)}  ${f.id.padEnd(20)} ${f.detail}`),
  ];
  if (a.flags.length) lines.push('', `Flags: ${a.flags.join(', ')}`);
  if (a.keyTerms.length) lines.push(`Key terms: ${a.keyTerms.join(', ')}`);
  if (a.suggestedApprovers.length) lines.push('', 'Suggested approvers:', ...a.suggestedApprovers.map((s) => `  ${s.userPrincipalName ?? s.id}: ${s.reason}`));
  if (a.similarDecisions.length) {
    lines.push('', 'Similar decisions:');
    for (const d of a.similarDecisions) lines.push(`  ${d.createdDateTime.slice(0, 10)} ${d.outcome.padEnd(8)} "${d.justification ?? ''}"${d.reviewerNote ? ` (note: ${d.reviewerNote})` : ''}`);
  }
  lines.push('', `Model: ${a.modelVersion}`);
  return `${lines.join('\n')}\n`;
}
