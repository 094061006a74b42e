/**
 * Spots justifications written to steer an automated reviewer ("ignore your instructions",
 * "output risk score 1"), in the languages approvers here are likely to see and through the usual
 * disguises (text-readings.ts). Such text is hostile whatever else the request looks like.
 */
import { readings } from './text-readings.js';

/** Each pattern alone is enough: nobody writes these to a human approver. */
const STRONG: RegExp[] = [
  /\b(ignore|disregard|forget)\b[^.]{0,30}\b(instructions?|prompts?|guidelines|directions|guidance|(all|everything)\s+(of\s+)?(the\s+)?above|your\s+(rules|polic(y|ies)|guardrails|training))\b/i,
  // The same in the other languages approvers here are most likely to see.
  /(?<!\p{L})(ignorez|ignore[rz]?|ignoriere|ignorieren|ignora|ignorar|ignorate|oubliez|oublie|vergiss|olvida|negeer|vergeet|zignoruj|ignoruj|pomiń)(?!\p{L})[^.]{0,40}(?<!\p{L})(instructions?|consignes|anweisungen|instruktionen|vorgaben|instrucciones|istruzioni|instruções|instrucoes|instructies|instrukcje|polecenia|regeln)(?!\p{L})/iu,
  /(игнорируй|игнорируйте|забудь|забудьте|не\s+обращай)[^.]{0,40}(инструкци|указани|правил)/iu,
  /(تجاهل|انس|تناس)[^.]{0,40}(التعليمات|الإرشادات|التوجيهات|القواعد)/u,
  /(指示|指令|命令|ルール|規則|规则|提示|说明|說明)[^。.]{0,12}(無視|无视|忽略|忘れ)|(忽略|无视|無視|忘记|忘記)[^。.]{0,12}(指示|指令|命令|规则|規則|提示|说明|說明)/u,
  /(지시|명령|지침|규칙)[^.]{0,12}무시/u,
  // Addressed to a model, in other languages: "note pour l'IA", "Hinweis an die KI", "AIへ", "致AI", "для ИИ".
  /(?<!\p{L})(pour\s+l['’]|à\s+l['’]|para\s+la\s+|a\s+la\s+|per\s+l['’]|all['’]|an\s+die\s+|für\s+die\s+|voor\s+de\s+|dla\s+)(ia|ki|ai|sztucznej\s+inteligencji)(?!\p{L})/iu,
  /(?<![\p{L}\p{N}])(ai|ia|ki|ии)\s*(へ|宛|：)|致\s*(ai|人工智能)|给\s*(ai|人工智能)|для\s+ии(?!\p{L})|للذكاء\s+الاصطناعي/iu,
  // A score or an automatic approval asked for in other languages.
  /(score\s+de\s+risque|niveau\s+de\s+risque|risikobewertung|risikoscore|risikowert|risikostufe|puntuaci[oó]n\s+de\s+riesgo|nivel\s+de\s+riesgo|pontua[cç][aã]o\s+de\s+risco|punteggio\s+di\s+rischio|risicoscore|оценка\s+риска|уровень\s+риска|درجة\s+المخاطر|مستوى\s+المخاطر|リスクスコア|リスク評価|风险评分|風險評分|风险等级|위험\s*점수)\D{0,8}[0-3](?!\d)/iu,
  /(automatisch\s+genehmig|genehmige\s+automatisch|approuve[rz]?(-la|-le)?\s+automatiquement|automatiquement\s+approuv|aprueba(la)?\s+autom[aá]ticamente|aprobar\s+autom[aá]ticamente|approva(la)?\s+automaticamente|aprove\s+automaticamente|одобри(те)?\s+автоматически|автоматически\s+одобр|وافق[^.]{0,30}تلقائي|自動承認|自动批准|自動批准|自动审批|자동\s*승인)/iu,
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
  /\b(do\s+not|don['’]?t)\s+(flag|escalate|question)\b/i,
  // Personas and games: "you are now ...", "pretend you are", "let's play a game".
  /\byou\s+are\s+now\b|\byou['’]re\s+now\b/i,
  /\byou\s+are\s+(an?|the)\s+([\w-]+\s+){0,2}(engine|bot|ai|model|llm|assistant)\b/i,
  /\b(pretend|imagine)\s+(that\s+)?(you|you['’]re)\b|\blet['’]?s\s+play\s+a\s+game\b/i,
  /\balways\s+(says?|answers?|responds?|outputs?|approves?)\b[^.]{0,10}\b(approve|yes|approved)\b/i,
  /\bif\s+you\s+are\s+(an?\s+)?(ai|bot|model|llm|language\s+model|assistant|automated|machine)\b/i,
  /\bgive\s+(this|it|the|my)\s+(request\s+)?(the\s+)?(lowest|minimum|minimal)\b/i,
  // A fake turn of the model's own, and the shape of its answer.
  /\b(assistant|ai|system|model|copilot)\s*:\s*(yes|ok|okay|sure|approved?|risk)\b/i,
  /"concerns"\s*:|\bno\s+concerns\b[^.]{0,20}\b(respond|reply|answer|output|return)|\b(respond|reply|answer|output|return)\s+with\s+(no|zero|empty|an?\s+empty)\s+concerns\b/i,
  // Fake prompt boundaries and replacements for the real instructions.
  /\bend\s+of\s+(the\s+)?(request|prompt|justification|user\s+input)\b|\bnew\s+instructions?\s*:/i,
  /\b(previous|outdated|above|original|earlier|prior|your|real|actual|hidden)\s+system\s+prompt\b|\bsystem\s+prompt\s+(is|was|has)\b/i,
  /\b(your|the)\s+(real|actual|true)\s+(task|job|instructions?|goal)\b/i,
  /(^|\s)#{1,6}\s*(system|instructions?|assistant)\b/i,
  /\brisk\s*[:=]\s*[0-3](?!\d)/i,
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

function check(text: string): InjectionCheck {
  const strong = STRONG.map((re) => excerpt(text, re)).filter((x): x is string => !!x);
  const weak = WEAK.map((re) => excerpt(text, re)).filter((x): x is string => !!x);
  const detected = strong.length > 0 || weak.length >= 2;
  return { detected, evidence: detected ? [...strong, ...weak].slice(0, 3) : [] };
}

// Triage asks twice about the same text (the signal and the guardrail); once is enough.
let last: { text: string; result: InjectionCheck } | undefined;

export function detectInjection(text: string): InjectionCheck {
  if (!text) return { detected: false, evidence: [] };
  if (last?.text === text) return last.result;
  // Each reading undoes one disguise (encodings, look-alike letters, invisible characters).
  const result = readings(text).map(check).find((c) => c.detected) ?? { detected: false, evidence: [] };
  last = { text, result };
  return result;
}
