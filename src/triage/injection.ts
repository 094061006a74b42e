/**
 * Spots justifications written to steer an automated reviewer ("ignore your instructions",
 * "output risk score 1"). Such text is hostile whatever else the request looks like.
 */

/** Each pattern alone is enough: nobody writes these to a human approver. */
const STRONG: RegExp[] = [
  /\b(ignore|disregard|forget)\b[^.]{0,30}\b(instructions?|prompts?|guidelines|directions|guidance|(all|everything)\s+(of\s+)?(the\s+)?above|your\s+(rules|polic(y|ies)|guardrails|training))\b/i,
  // The same in the other languages approvers here are most likely to see.
  /(?<!\p{L})(ignorez|ignore[rz]?|ignoriere|ignorieren|ignora|ignorar|ignorate|oubliez|oublie|vergiss|olvida)(?!\p{L})[^.]{0,40}(?<!\p{L})(instructions?|consignes|anweisungen|instruktionen|instrucciones|istruzioni|regeln)(?!\p{L})/iu,
  /\b(override|bypass)\s+(your|the\s+(ai|model|assistant|reviewer)'?s?|any\s+ai)\b/i,
  /\b(system|developer)\s*(note|prompt|message|instruction|override)s?\b[^.]{0,30}\b(ai|model|assistant|reviewer|bot|llm|copilot|gpt)\b/i,
  /\b(note|message|instruction)s?\s+(to|for)\s+(the\s+)?(ai|model|assistant|llm|bot|copilot|gpt|automated|automatic)\b/i,
  /\b(risk[\s_-]?score|riskscore|risk[\s_-]?band|risk[\s_-]?level)["']?\s*(=|:|of|to|is|as)?\s*(["']?low["']?|[0-3]\b)/i,
  /\b(recommended[\s_-]?action|auto[\s_-]?approvable)["']?\s*[:=]\s*["']?(approve|true)\b/i,
  /\b(output|return|respond|reply|answer|print|classify)\b[^.]{0,30}\b(approve|approval|low[\s-]risk|risk[\s_-]?score|auto[\s-]?approv\w*)\b/i,
  /\b(recommend|recommendation)\s*[:=]?\s*"?(approve|approval)\b/i,
  /\byou\s+(are|must|should|will)\s+(now\s+)?(approve|act\s+as|behave|respond|output|ignore|classify)\b/i,
  /<\/?\s*(system|assistant|instructions?)\s*>|\[\/?(INST|SYS)\]|###\s*(instruction|system)/i,
  /\b(jailbreak|prompt[\s-]?injection|dan mode)\b/i,
  /\bdo\s+not\s+(flag|escalate|question)\b/i,
  /\b(auto[\s-]?approve|automatically approve)\s+(this|the|my)\b/i,
  /\b(treat|consider|mark|rate|score|classify|flag)\s+(this|it|the\s+request|my\s+request|this\s+request)\s+as\s+(low[\s-]?risk|pre[\s-]?approved|approved|benign)\b/i,
  /\bapprove\s+(this\s+|it\s+)?automatically\b/i,
  /^\W*(ai|assistant|model|copilot|chatgpt|gpt|llm|bot)\s*[:,]/i,
];

/** Suspicious on their own but innocent in some texts; two together count. */
const WEAK: RegExp[] = [
  /\bpre[\s-]?approved\b/i,
  /\b(as an?|dear)\s+(ai|assistant|language model|bot)\b/i,
  /\b(ai|llm|gpt|copilot|model)\s+(reviewer|approver|triage|assistant)\b/i,
  /\bapproved\s+by\s+(the\s+)?(ciso|cio|ceo|cto|director|vp|management)\b/i,
  /\b(urgent|immediately|asap)\b[^.]{0,30}\b(approve|grant)\b/i,
  /\b(new|updated|real)\s+instructions?\b/i,
  /\b(json|\{\s*"|risk_score|recommendedAction)\b/i,
];

export interface InjectionCheck {
  detected: boolean;
  evidence: string[];
}

function excerpt(text: string, re: RegExp): string | undefined {
  const m = re.exec(text);
  return m ? m[0].trim().slice(0, 60) : undefined;
}

export function detectInjection(text: string): InjectionCheck {
  if (!text) return { detected: false, evidence: [] };
  // Zero-width characters and look-alike forms are a cheap way round plain patterns.
  text = text.normalize('NFKC').replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '').replace(/\s+/g, ' ');
  const strong = STRONG.map((re) => excerpt(text, re)).filter((x): x is string => !!x);
  const weak = WEAK.map((re) => excerpt(text, re)).filter((x): x is string => !!x);
  const detected = strong.length > 0 || weak.length >= 2;
  return { detected, evidence: detected ? [...strong, ...weak].slice(0, 3) : [] };
}
