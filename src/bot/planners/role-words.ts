/**
 * The role a person asked for when it is none of the tenant's ("activate the Quantum Administrator
 * role"), so the bot can say it does not know it and suggest the closest, instead of just asking
 * which role they meant.
 */

const ASKED_FOR =
  /\b(?:activate|elevate\s+me\s+to|give\s+me|grant\s+me|turn\s+on|enable|request|i\s+need|i\s+want|need|want)\s+(?:the\s+|a\s+|an\s+|my\s+)?(.+?)(?=\s+(?:role|rights|access|permissions?|privileges?|for|until|to|because|so|please|asap|now|today)\b|[,.;:!?()]|$)/i;
const GENERIC = /^(?:a|an|the|my|some|it|this|that|one|role|roles|admin|access|rights|something|anything|me|privileges?|permissions?|elevated|more|again|back)$/i;
const ROLE_WORD = /\b(?:admin|administrator|administrators|reader|operator|manager|owner|contributor|writer|developer|analyst|approver|author)\b/i;

export function unmatchedRoleName(text: string): string | undefined {
  const m = ASKED_FOR.exec(text);
  const candidate = m?.[1]?.trim();
  if (!candidate) return undefined;
  const words = candidate.split(/\s+/);
  if (words.length > 5 || words.every((w) => GENERIC.test(w))) return undefined;
  const titled = words.every((w) => /^\p{Lu}/u.test(w));
  return ROLE_WORD.test(candidate) || titled ? candidate : undefined;
}
