/** Parses a card with the Adaptive Cards SDK (the UMD build: its ESM build does not load in Node) and returns every warning. */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AC = require('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: new () => { parse(json: unknown, ctx: unknown): void; validateProperties(): { validationEvents: Array<{ message: string }> }; version?: { toString(): string } };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): { message: string } };
};

export function cardProblems(json: unknown): string[] {
  const card = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  card.parse(json, ctx);
  const out: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) out.push(ctx.getEventAt(i).message);
  for (const e of card.validateProperties().validationEvents) out.push(e.message);
  return out;
}
