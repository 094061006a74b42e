/**
 * Asks the configured model to read a request's justification and folds its concerns into the
 * rules' analysis. The model can only add risk; a timeout, an error or an answer that does not
 * fit the schema leaves the rules' analysis standing, with a factor that says so.
 */
import { roleInfo } from '../roles/index.js';
import { withLlmFallback, withLlmReading } from '../triage/llm-reading.js';
import type { Analysis, TriageContext } from '../triage/types.js';
import type { ChatClient } from './client.js';
import { JUSTIFICATION_FORMAT, justificationMessages, parseJustificationAnswer, type JustificationFacts } from './justification-prompt.js';

export function justificationFacts(ctx: TriageContext, analysis: Analysis): JustificationFacts {
  return {
    role: { displayName: analysis.role.displayName, tier: analysis.role.tier, description: roleInfo(analysis.role.id)?.description },
    requester: { department: ctx.requester.department, jobTitle: ctx.requester.jobTitle },
    requestedDuration: ctx.request.duration,
    ticket: ctx.request.ticketNumber || ctx.request.ticketSystem ? { number: ctx.request.ticketNumber, system: ctx.request.ticketSystem } : undefined,
    justification: ctx.request.justification,
  };
}

export async function withModelReading(analysis: Analysis, ctx: TriageContext, client: ChatClient, options: { timeoutMs?: number } = {}): Promise<Analysis> {
  try {
    const answer = await client.complete({
      messages: justificationMessages(justificationFacts(ctx, analysis)),
      responseFormat: JUSTIFICATION_FORMAT,
      temperature: 0,
      maxTokens: 600,
      timeoutMs: options.timeoutMs,
    });
    const reading = parseJustificationAnswer(answer.content);
    return withLlmReading(analysis, { model: client.label, concerns: reading.concerns.map((c) => ({ detail: c.detail, points: c.points, flag: c.flag ?? undefined })) });
  } catch (err) {
    return withLlmFallback(analysis, client.label, err instanceof Error ? err.message : String(err));
  }
}
