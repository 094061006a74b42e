/**
 * Which of the bot's actions a sentence asks for. Each intent has cues with a weight; the
 * strongest wins, earlier intents in ORDER win ties, and nothing above the floor means unknown.
 */
import { lowerView } from './text.js';
import type { Intent } from './types.js';

export interface IntentFacts {
  /** A role named in full, by acronym or nickname. */
  strongRole: boolean;
  /** Only a distinctive word of a role ("exchange"). */
  weakRole: boolean;
  /** Where the role mention starts in the text, if any. */
  roleStart?: number;
  hasDuration: boolean;
  hasTicket: boolean;
}

export interface IntentRead {
  intent: Intent;
  confidence: number;
}

type Rule = (t: string, f: IntentFacts) => number;
const any = (t: string, ...res: RegExp[]): boolean => res.some((re) => re.test(t));

const FAILURE = /\b(den(?:y|ied|ial|ying)|reject(?:ed|ion)?|declin(?:e|ed)|refus(?:e|ed|al)|fail(?:ed|s|ure|ing)?|error(?:ed|s)?|(?:didn'?t|did not|doesn'?t|does not|won'?t|will not) (?:work|go through|succeed|activate)|(?:wasn'?t|was not|isn'?t|is not|not) (?:approved|granted|activated|active|allowed)|blocked|expired|cancell?ed|(?:can'?t|cannot|couldn'?t|could not|unable to|wasn'?t able to|was not able to) (?:i |we |you |he |she |they )?(?:activate|elevate|get|request|be activated)|turned down|knocked back|bounced)\b/;
const WHY = /\b(why|how come|reason|what went wrong|what happened|explain)\b/;
const REQUEST_NOUN = /\b(requests?|activations?|elevations?|attempts?|approvals?|ask|submission)\b/;

const explain: Rule = (t) => {
  if (/\bwhat went wrong\b/.test(t)) return 0.92;
  if (WHY.test(t) && FAILURE.test(t)) return 0.95;
  if (/\bwho\b/.test(t) && /\b(den(?:y|ied)|reject(?:ed)?|declin(?:e|ed)|turned down|refused)\b/.test(t)) return 0.9;
  if (FAILURE.test(t) && /\b(my|his|her|their|'s|the|that)\b/.test(t) && REQUEST_NOUN.test(t)) return 0.7;
  if (/\bexplain\b/.test(t)) return 0.6;
  return 0;
};

const status: Rule = (t) => {
  if (/\bstatus\b/.test(t)) return 0.9;
  if (/\b(has|have|is|was|did|does|are|got|will|would)\b[^?.!]*\b(approved|approve|through|processed|granted|decided|denied|rejected|declined|accepted|ready|pending|answered|reviewed|looked at|signed off|cancell?ed|expired)\b/.test(t) && /\b(request|activation|it|elevation|approval|ticket|ask|that)\b/.test(t)) return 0.85;
  if (/\b(where|what'?s happening|what is happening|what happened (to|with)|what about|how is|how'?s|what'?s going on|what is going on|what'?s up with|what is up with)\b[^?.!]*\b(request|activation|elevation|approval)s?\b/.test(t)) return 0.82;
  if (/\b(any )?(news|update|updates|progress|word)\b[^?.!]*\b(on|about|with|regarding|for)\b/.test(t) && REQUEST_NOUN.test(t)) return 0.82;
  if (any(t, /\bstill (waiting|pending)\b/, /\bwaiting (for|on) (approval|an? approver|approvers|my|the|someone)\b/, /\b(is|are) (it|they|my \w+ request) (still )?pending\b/, /\bpending\W*$/)) return 0.8;
  if (/\bwho\b[^?.!]*\b(approv\w*|reviewing|reviews?|signs? off)\b/.test(t)) return 0.78;
  if (/\b(check|look) (on|at|up|in on)\b[^?.!]*\b(request|activation|approval)/.test(t)) return 0.8;
  if (/\bhow long\b[^?.!]*\b(approv\w*|take|wait)\b/.test(t)) return 0.72;
  return 0;
};

const cancel: Rule = (t) => {
  if (/\b(cancel|withdraw|retract|rescind|call off|scrap|scratch|abort|undo)\b/.test(t)) return 0.9;
  // "kill my pending request", "delete the request I made": removing a request is cancelling it.
  if (/\b(kill|delete|remove|drop|trash|bin|stop|revoke|discard|ditch)\b[^.?!]{0,30}\b(pending|request|requests|submission|application)\b/.test(t)) return 0.9;
  if (/\b(take|pull) back\b|\bpull (my|the|that) (request|ask)\b/.test(t)) return 0.85;
  if (/\b(never ?mind|forget (it|that|about it)|ignore (my|that|the) (last )?request)\b/.test(t)) return 0.7;
  if (/\b(no longer|don'?t|do not) need\b/.test(t) && /\b(request|pending)\b/.test(t)) return 0.9;
  return 0;
};

const DEACTIVATE_VERB = /\b(relinquish|give up|step down from|turn off|switch off|shut off|disable|drop|release|end|remove|revoke|stop|sign out of|log out of|log me out of|unassign|get rid of|take away|hand back)\b/;
const DEACTIVATE_OBJECT = /^\s*(me\s+(from|of)\s+)?((my|the|this|that|our|these|those)\s+)?(active\s+|current\s+|admin\s+)?(role|roles|access|elevation|elevated|admin|privileges?|rights|permissions|activation|assignment|session|it)\b/;

const deactivate: Rule = (t, f) => {
  if (/\b(de-?activate|de-?elevate|deactivation|unelevate|de-?escalate)\b/.test(t)) return 0.95;
  const m = DEACTIVATE_VERB.exec(t);
  if (m) {
    const after = t.slice(m.index + m[0].length);
    const roleSoon = f.roleStart !== undefined && f.roleStart >= m.index && f.roleStart - (m.index + m[0].length) <= 12;
    if (DEACTIVATE_OBJECT.test(after) || roleSoon) return 0.88;
  }
  if (/\b(i'?m|i am|we'?re|we are) (all )?(done|finished|through)\b/.test(t)) return 0.72;
  if (/\b(no longer|don'?t|do not) need\b/.test(t) && !/\b(request|pending)\b/.test(t) && (f.strongRole || f.weakRole || /\b(any ?more|now|admin|role|access|it)\b/.test(t))) return 0.85;
  return 0;
};

const extend: Rule = (t) => {
  if (/\b(extend|extension|extending|prolong|lengthen|top up)\b/.test(t)) return 0.92;
  if (/\b(renew|refresh) (my|it|the (role|activation|elevation|assignment)|this|that)\b/.test(t) && !/\b(cert\w*|secret|key|licen[cs]e|subscription)s?\b/.test(t)) return 0.9;
  if (/\badd (an?|one|another|a couple of|half an?|\d+|some) (more |extra )?(hours?|minutes?|mins?|hrs?|time)\b/.test(t)) return 0.85;
  if (/\b(keep|stay)\b[^.?!]*\b(active|on|longer|going|elevated|activated)\b/.test(t)) return 0.92;
  if (any(t, /\bmore time\b/, /\b(another|one more|an extra|extra|additional|further) (hour|half|\d+|few|couple|minutes?|mins?|hrs?)\b/, /\b\d+ more (hours?|minutes?|mins?|hrs?)\b/, /(?<!no )\blonger\b/, /\b(running|run) out\b/, /\babout to expire\b/)) return 0.8;
  return 0;
};

const recommendRole: Rule = (t, f) => {
  if (/\bleast[- ]?privileged?\b|\bminimum (role|permissions?|rights|access)\b|\bleast (access|permissions?|rights)\b|\blowest[- ]privileged?\b/.test(t)) return 0.95;
  if (/\b(recommend|suggest|advise)\b[^.?!]*\b(role|permissions?|access|admin)\b/.test(t)) return 0.9;
  if (/\b(what|which)\b[^.?!]*\b(roles?|permissions?|rights|access|admin)\b[^.?!]*\b(need|needed|required|require|requires|should|lets?|allows?|enables?|able to|would|gives?|grants?)\b/.test(t)) return 0.85;
  if (/\b(what|which)\b[^.?!]*\b(role|admin)s? (can|could|will|to|for)\b(?! (i|we|you)\b)/.test(t)) return 0.85;
  if (/\b(right|correct|proper|best|appropriate) (role|permissions?|access)\b/.test(t)) return 0.8;
  if (/[,;:-]\s*(which|what) (admin )?(role|permissions?)\b[^.?!]*\??\s*$/.test(t)) return 0.85;
  if (/\bhow (do|can|would) i (get|obtain|have) (the )?(rights|permissions?|access) to\b/.test(t)) return 0.8;
  if (/\b(is|would|will)\b[^.?!]*\b(enough|sufficient)\b/.test(t) && (f.strongRole || f.weakRole)) return 0.8;
  if (/\bwhat (do|would|will) i need to\b/.test(t)) return 0.72;
  if (/\bwho can\b/.test(t) && !/\bapprov/.test(t)) return 0.6;
  return 0;
};

const listEligible: Rule = (t) => {
  // "eligible" as the question, not "add an eligible assignment".
  if (/\beligib(le|ility|ilities)\b(?! (assignments?|schedules?|settings?|rules?|polic(y|ies)))/.test(t)) return 0.95;
  if (/\b(what|which|list|show|tell me|give me)\b[^.?!]*\b(roles?|access|admin|options)\b[^.?!]*\b(can|could|may|allowed to|able to) (?:[\p{L}'-]+ )?(activate|request|elevate|get|use|have|pick|choose|ask for|access|assume|pim|turn on|switch on|enable|check out)\b/u.test(t)) return 0.9;
  // "what can Megan Bowen activate", "what am I able to request": a question about someone's choices.
  if (/\b(what|which)\b[^.?!]*\b((can|could|may) (?:[\p{L}'-]+ ){1,3}|(i|we) (can|could|may) |(am|is) (?:[\p{L}'-]+ ){1,3}(allowed|able) to )(activate|elevate|request|pim|ask for|get|use|turn on)\b/u.test(t)) return 0.9;
  // "roles I can elevate to", "any roles I could activate": the speaker before the modal is a relative clause, not a request.
  if (/\b(roles?|what|which|anything|everything|all|ones) (?:that )?(?!(?:so|and|then|because|to|if|when) )(i|we|they|he|she|[\p{L}'-]+(?: [\p{L}'-]+)?) (can|could|may|am allowed to|am able to|'m allowed to|'m able to|is allowed to|is able to) (activate|elevate|request|pim|ask for|get|turn on)\b/u.test(t)) return 0.9;
  // "what PIM roles do I have": roles held through PIM are the eligible ones.
  if (/\b(pim|eligible|jit|just[- ]in[- ]time) roles?\b/.test(t) && !/\b(active|activated|currently|right now)\b/.test(t)) return 0.9;
  if (/\b(available|open) to me\b|\bavailable roles\b|\broles? (are )?available\b/.test(t)) return 0.85;
  if (/\b(what|which) (\w+ )?roles? do i have access to\b|\bwhat (roles|access) can i (get|have)\b/.test(t)) return 0.8;
  if (/\b(list|show|see|view|display|give me|tell me|what are)\b[^.?!]*\b(my|available|all|the)?\s*(roles|eligibilities|options)\b/.test(t)) return 0.72;
  if (/\bmy roles\b/.test(t)) return 0.6;
  return 0;
};

// Words that ask for a role or to end one: "could I get GA activated right now" is not a question about what is active.
const ASKS_TO_CHANGE = /\b(activate|elevate me|make me|give me|gimme|get me|keep|stay|need|want|would like|'d like|(can|could|may) i (get|have|be))\b/;

const listActive: Rule = (t, f) => {
  const active = /\b(active|activated|current|currently|right now|at the moment|in effect|live|elevated|turned on|switched on|still have|still got|now have)\b/;
  if (active.test(t) && (f.strongRole || /\b(roles?|what|which|am i|do i|elevations?|assignments?|admin|access|privileges?|list|show)\b/.test(t)) && !ASKS_TO_CHANGE.test(t) && !DEACTIVATE_VERB.test(t)) return 0.9;
  if (/\bam i (still |currently )?(an? )?/.test(t) && (f.strongRole || f.weakRole)) return 0.82;
  // "is my teams admin still on", "is my exchange role still active".
  if (/\b(is|are) (my|the|it|that|this)\b[^.?!]{0,40}\bstill\b/.test(t) && !/\b(request|pending|approv\w*)\b/.test(t)) return 0.84;
  // Questions about when a role ends: "when does my SharePoint admin run out", "how long until GA expires".
  if (/\b(which|what)\b[^.?!]*\b(roles?|elevations?|activations?|assignments?)\b[^.?!]*\b(expire|expires|expiring|run out|runs out|time out|times out)\b/.test(t)) return 0.86;
  if (/\b(when|what time|how long (until|till|before|is left|do i have))\b[^.?!]*\b(expire|expires|expiring|expiry|end|ends|run out|runs out|time out|times out|finish|finishes|over|due|left)\b/.test(t)) return 0.86;
  if (/\bhow (long|much time)\b[^.?!]*\b(left|remaining)\b|\bwhat(?:'s| is) left\b|\b(time|hours?|minutes?|mins?) (left|remaining)\b/.test(t)) return 0.86;
  if (/\b(what|which) roles? (do|have) i (got|have|hold)\b(?! access)/.test(t)) return 0.8;
  if (/\bdo i (still |currently )?have\b/.test(t)) return 0.7;
  return 0;
};

const STRONG_ACTIVATE = /\b(activate|elevate|escalate|pim me|pim up|pim in|bump me|upgrade me|check out|checkout|jit me|jit)\b/;
// "request" is a verb here only when it is not "my request" or "the request".
const SOFT_ACTIVATE = /\b((?<!(no longer|don'?t|do not|dont) )need|needs|want|wanna|would like|'d like|give me|gimme|get me|grant me|grant|assign me|add me|make me|put me|let me (be|have|use)|(can|could|may) i (have|get|use|borrow|be)|requesting|require|enable|turn on|switch on|borrow|need to be|please|pls|plz)\b/;
// "request" is a verb at the start or after a subject or "to" ("I request", "want to request"); elsewhere it is the noun.
const REQUEST_VERB = /(^|\b(i|we|to|please|pls|plz|and|then|also|can you|could you)\s+)request(?!s|ed)\b/;

const activate: Rule = (t, f) => {
  const strong = STRONG_ACTIVATE.test(t);
  const soft = SOFT_ACTIVATE.test(t) || REQUEST_VERB.test(t);
  if (strong && (f.strongRole || f.weakRole)) return 0.9;
  if (strong) return 0.75;
  if (soft && f.strongRole) return 0.8;
  if (f.strongRole && (f.hasDuration || f.hasTicket)) return 0.8;
  if (soft && f.weakRole && (f.hasDuration || f.hasTicket)) return 0.7;
  if (soft && /\b(admin|access|rights|privileges?|permissions?|elevated|elevation|role)\b/.test(t) && !/\b(what|which|how|why)\b/.test(t)) return 0.6;
  if (f.strongRole) return 0.6;
  if (soft && f.weakRole) return 0.55;
  if (soft && f.hasDuration) return 0.5;
  return 0;
};

const SMALLTALK_PHRASE = String.raw`(thanks?( you)?( so much| a lot| very much| again)?|thank u|thx|thanx|ty|tyvm|cheers|ta|much appreciated|appreciate it|great|awesome|cool|nice|perfect|excellent|brilliant|lovely|ok(ay)?|k|kk|sure|got it|sounds good|understood|noted|alright|all good|hi|hello|hey|hiya|howdy|yo|good (morning|afternoon|evening|night|day)|morning|evening|bye|goodbye|good ?bye|see (you|ya)( later)?|later|cya|have a (good|nice|great) (day|one|evening|weekend)|how are you( doing)?( today)?|how'?s it going|what'?s up|sup|lol|haha|you rock|you'?re (great|awesome|the best|a star|a legend)|no worries|np|nice one|good bot|well done|you too)`;
const SMALLTALK = new RegExp(String.raw`^(${SMALLTALK_PHRASE}(\s+(bot|pim copilot|copilot|mate|buddy|all|team|there|man))?[\s,.!]*)+$`);

const smalltalk: Rule = (t) => {
  const bare = t.replace(/[^\p{L}\p{N}\s',.!]/gu, ' ').replace(/\s+/g, ' ').trim();
  if (bare && SMALLTALK.test(bare)) return 0.9;
  if (new RegExp(String.raw`^${SMALLTALK_PHRASE}\b`).test(bare) && bare.split(' ').length <= 6) return 0.4;
  return 0;
};

const help: Rule = (t) => {
  const bare = t.replace(/[^\p{L}\p{N}\s?]/gu, ' ').replace(/\s+/g, ' ').trim();
  if (/^(help( me| please| pls)?|\?+|h|commands?|menu|usage|options|instructions|guide|manual|what now|start|get started|getting started)\s*\??$/.test(bare)) return 0.95;
  if (any(t, /\bwhat (can|do|else can|could) (you|u) (do|help( me)? with|support|offer)\b/, /\bwhat (does|do|can) (this|the|you|pim copilot)( bot| thing| app)? do\b/, /\bhow (do|can|should) i use (you|this|the bot|it|(pim )?copilot|this bot|the app)\b/, /\bwhat (can|should|could|do) i (ask|say|type|tell|write)( you| the bot| here)?\s*\??$/, /\bhow (does|do) (this|it|you|pim copilot|the bot) work\b/, /\b(what|who) are you\b/, /\bwhat (is|are) (this|your) (bot|commands?|features?|capabilities)\b/, /\b(show|list|give|tell) me (the |your |what )?(commands?|options|features|you can do)\b/, /\bi'?m (lost|confused|stuck)\b/, /\bwhat (are|is) (the|your) (commands?|options)\b/)) return 0.85;
  if (/\bhelp\b/.test(t)) return 0.45;
  return 0;
};

/** Intents in tie-break order: the more specific request first. */
const ORDER: Array<[Intent, Rule]> = [
  ['explain', explain],
  ['cancel', cancel],
  ['deactivate', deactivate],
  ['extend', extend],
  ['status', status],
  ['recommendRole', recommendRole],
  ['listEligible', listEligible],
  ['listActive', listActive],
  ['activate', activate],
  ['help', help],
  ['smalltalk', smalltalk],
];

const FLOOR = 0.35;

// Contractions typed without the apostrophe ("whats", "dont", "im"), so the cues need to know only one spelling.
const CONTRACTIONS: Array<[RegExp, string]> = [
  [/\b(what|where|who|how|that|it|there|here)s\b/g, "$1's"],
  [/\b(do|does|did|is|was|are|were|has|have|had|ca|could|would|should|wo)nt\b/g, "$1n't"],
  [/\bcant\b/g, "can't"],
  [/\bim\b/g, "i'm"],
  [/\bive\b/g, "i've"],
  [/\bu\b/g, 'you'],
  [/\bur\b/g, 'your'],
];

/** The view the cues read: lower case, addresses as one word, apostrophes restored, spaces collapsed. */
function normalise(text: string): string {
  // Addresses become a plain word, so their dots do not read as the end of a sentence.
  let t = lowerView(text).replace(/[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu, 'someone');
  for (const [re, to] of CONTRACTIONS) t = t.replace(re, to);
  return t.replace(/\s+/g, ' ').trimStart();
}

export function classifyIntent(text: string, facts: IntentFacts): IntentRead {
  const t = normalise(text).trimEnd();
  // The role's place, moved as the text before it was.
  const roleStart = facts.roleStart === undefined ? undefined : normalise(text.slice(0, facts.roleStart)).length;
  const f: IntentFacts = { ...facts, roleStart };
  const scored = ORDER.map(([intent, rule]) => ({ intent, weight: rule(t, f) })).filter((s) => s.weight > 0);
  let best = scored[0];
  for (const s of scored) if (best && s.weight > best.weight) best = s;
  if (!best || best.weight < FLOOR) return { intent: 'unknown', confidence: 0 };
  const runnerUp = Math.max(0, ...scored.filter((s) => s !== best).map((s) => s.weight));
  // A close second means the sentence could be read either way.
  const confidence = runnerUp > best.weight - 0.1 ? best.weight * 0.8 : best.weight;
  return { intent: best.intent, confidence: Math.round(confidence * 100) / 100 };
}
