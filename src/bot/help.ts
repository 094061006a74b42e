/** What the bot says when asked for help, when greeted or thanked, and when it does not understand. */

export const HELP_TEXT = [
  "Hi, I'm **PIM Copilot**. I help you work with Privileged Identity Management (PIM) in Microsoft Entra.",
  '',
  'You can ask me, in your own words:',
  '- **What can I activate?** — the roles you are eligible for, with their limits',
  '- **Activate Exchange Administrator for 2 hours for CHG0048213 to fix a transport rule** — I ask for anything missing',
  '- **Request form** — the same, as a form to fill in',
  '- **Show my active roles** / **What is the status of my request?**',
  '- **Cancel my request** / **Deactivate Teams Administrator**',
  "- **Which role do I need to reset someone's MFA?**",
  '- **Why was my request denied?** / **Why did my activation fail?**',
  '',
  'Approvers get a card for each request waiting on them, with a risk score and the reasons behind it.',
].join('\n');

export const WELCOME_TEXT = `${HELP_TEXT}\n\nType **help** at any time to see this again.`;

const SHORT_HINT = 'Try **what can I activate?**, **activate Teams Administrator for 1 hour to …**, or **help** for everything I can do.';

/** A friendly answer to greetings, thanks and the like, with a pointer to what the bot does. */
export function smallTalkReply(text: string): string {
  const t = text.toLowerCase();
  if (/\b(thanks|thank you|thx|ty|cheers|appreciate|great job|awesome|perfect)\b/.test(t)) return 'You’re welcome! Anything else I can do in PIM for you?';
  if (/\b(bye|goodbye|see you|later|good night)\b/.test(t)) return 'Bye! Remember to deactivate roles you no longer need.';
  if (/\bhow are you\b|\bhow's it going\b/.test(t)) return `All good here, ready to help with PIM. ${SHORT_HINT}`;
  if (/\b(who|what) are you\b/.test(t)) return HELP_TEXT;
  if (/^\W*(hi|hello|hey|hiya|howdy|good (morning|afternoon|evening)|yo|greetings)\b/.test(t)) return WELCOME_TEXT;
  return `Happy to chat, but I’m best at PIM. ${SHORT_HINT}`;
}

/** When the planner cannot tell what the person wants. */
export function notUnderstood(truncated: boolean): string {
  const long = truncated ? 'That was a long message; I read its start and couldn’t find a request in it. ' : 'I’m not sure what you’d like me to do. ';
  return `${long}${SHORT_HINT}`;
}
