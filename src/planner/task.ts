/** The task in a "which role do I need to …" question, for the role recommender. */

const BEFORE_QUESTION = /^(?:(?:i|we)\s+(?:want|need|have|would like|'d like)\s+to\s+|how (?:do|can) i\s+)?(.+?)\s*[,;:-]\s*(?:which|what) (?:admin )?(?:role|permissions?)\b[^?]*\??\s*$/i;

const AFTER = [
  /\b(?:enough|sufficient)\s+(?:to|for)\s+(.+)$/i,
  /\b(?:need|needed|required|require|requires|should i (?:request|ask for|use|get|activate|pick)|lets? me|allows? me|enables? me|gives? me the rights?|be able)\s+(?:in order\s+)?(?:to\s+)?(?:be able to\s+)?(?:do\s+)?(.+)$/i,
  /\b(?:role|roles|permissions?|rights|access|admin)\s+(?:that\s+)?(?:can|could|will|would|to|for)\s+(?!i\b|we\b|you\b)(.+)$/i,
  /\b(?:in order to|so (?:that )?i can|to be able to)\s+(.+)$/i,
  /\bfor\s+(.+)$/i,
];

export function readTask(text: string): string | null {
  const asked = BEFORE_QUESTION.exec(text.trim());
  if (asked?.[1]) return asked[1].trim();
  for (const re of AFTER) {
    const m = re.exec(text);
    const task = m?.[1]?.replace(/[?.!\s]+$/, '').replace(/^(?:the role\s+)?(?:to\s+)?/i, '').trim();
    if (task && /[\p{L}]{3,}/u.test(task)) return task;
  }
  return null;
}
