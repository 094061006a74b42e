/** Adaptive Cards for oversight: the reviewer's access-review pack and the security alert. */
import { expandTemplate, plain, type CardJson } from '../cards/templates.js';
import { utc } from './alert.js';
import type { ReviewItem } from './review-pack.js';

/** Teams refuses cards over about 28 KB; a pack card shows this many items and points to the CSV. */
export const REVIEW_CARD_LIMIT = 20;

const LOOK: Record<ReviewItem['recommendation'], { label: string; color: string; style: string }> = {
  keep: { label: 'Keep', color: 'Good', style: 'default' },
  remove: { label: 'Remove', color: 'Attention', style: 'attention' },
  reduce: { label: 'Reduce', color: 'Warning', style: 'warning' },
};

export function reviewPackCard(items: readonly ReviewItem[], period: string): CardJson {
  const shown = items.slice(0, REVIEW_CARD_LIMIT);
  const tally = (r: ReviewItem['recommendation']) => String(items.filter((i) => i.recommendation === r).length);
  return expandTemplate('review-pack', {
    period: plain(period),
    totals: { items: String(items.length), keep: tally('keep'), remove: tally('remove'), reduce: tally('reduce') },
    items: shown.map((i) => ({
      ...LOOK[i.recommendation],
      principalName: plain(i.principalName),
      roleName: plain(i.roleName),
      activations: String(i.activations90d),
      lastActivation: i.lastActivation ? utc(Date.parse(i.lastActivation)) : 'never',
      done: plain(i.activities.slice(0, 3).map((a) => `${a.activity} ×${a.count}`).join(', ') || 'nothing recorded'),
      suggestion: plain([i.suggestedRoleName, i.suggestedMaxDuration && `activations of ${i.suggestedMaxDuration}`].filter(Boolean).join('; ')),
      narrative: plain(i.narrative),
    })),
    more: items.length - shown.length,
  });
}
