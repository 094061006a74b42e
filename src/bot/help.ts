/** What the bot says when asked for help or when it does not understand. */
export const HELP_TEXT = [
  "Hi, I'm **PIM Copilot**. I help you work with Privileged Identity Management (PIM) in Microsoft Entra.",
  '',
  'You can ask me, in your own words:',
  '- **What can I activate?** — the roles you are eligible for, with their limits',
  '- **Activate Exchange Administrator for 2 hours for CHG0048213 to fix a transport rule**',
  '- **Show my active roles** / **What is the status of my request?**',
  '- **Cancel my request** / **Deactivate Teams Administrator**',
  '- **Which role do I need to reset someone\'s MFA?**',
  '- **Why was my request denied?**',
  '',
  'Approvers get a card for each request waiting on them, with a risk score and the reasons behind it.',
].join('\n');

export const WELCOME_TEXT = `${HELP_TEXT}\n\nType **help** at any time to see this again.`;
