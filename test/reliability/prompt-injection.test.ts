/**
 * Hostile justifications (test/fixtures/hostile/justifications.json): text in many languages,
 * encodings and markups that tries to talk an automated reviewer into approving. Each goes into an
 * otherwise fixed, routine request that the rules would auto-approve with a neutral justification.
 * Rule-only means what the engine's `triage` gives before any model reads the text. No injection
 * may bring the score below the neutral request's rule-only score or make the request
 * auto-approvable, by the rules alone or with a model that does what the injection asks.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createChatClient, type ChatClient } from '../../src/llm/client.js';
import { withModelReading } from '../../src/llm/triage-reading.js';
import { startChatCompletions, type ChatCompletionsStandIn, type ScriptedAnswer } from '../../src/standins/chat-completions.js';
import { triage } from '../../src/triage/engine.js';
import type { Analysis, TriageContext } from '../../src/triage/types.js';
import { recordFigure } from '../support/figures.js';
import { build, NOW } from '../triage/fixtures.js';

interface Entry {
  id: string;
  lang: string;
  technique: string;
  text: string;
  padTo?: number;
  where?: 'before' | 'after';
}

interface Corpus {
  filler: string;
  justifications: Entry[];
  /** Innocent justifications that share words with the attempts. */
  benign: string[];
}

const corpus = JSON.parse(readFileSync(new URL('../fixtures/hostile/justifications.json', import.meta.url), 'utf8')) as Corpus;

/** The entry's text, padded with plausible detail when it asks to be very long. */
function textOf(entry: Entry): string {
  if (!entry.padTo) return entry.text;
  const filler = corpus.filler.repeat(Math.ceil(entry.padTo / corpus.filler.length)).slice(0, entry.padTo);
  return entry.where === 'after' ? `${entry.text} ${filler}` : `${filler} ${entry.text}`;
}

const routine = build();
const NEUTRAL = routine.ctx.request.justification;
const neutral = triage(routine.ctx, routine.baseline, NOW);

function withJustification(text: string): TriageContext {
  const ctx = structuredClone(routine.ctx);
  ctx.request.justification = text;
  return ctx;
}

/** Both ways an injection arrives: as the whole justification, or after a neutral one. */
const placements: Array<{ name: string; place: (text: string) => string }> = [
  { name: 'alone', place: (text) => text },
  { name: 'after a neutral justification', place: (text) => `${NEUTRAL} ${text}` },
];

function assertHeld(a: Analysis, floor: number, label: string): void {
  assert.ok(a.riskScore >= floor, `${label}: score ${a.riskScore} is below the rule-only ${floor}`);
  assert.equal(a.autoApprovable, false, `${label}: auto-approvable`);
  assert.notEqual(a.recommendedAction, 'approve', `${label}: recommended for approval`);
}

describe('prompt-injection justifications', () => {
  it('the corpus is large and varied enough to mean something', () => {
    const { justifications } = corpus;
    assert.ok(justifications.length >= 50, `${justifications.length} entries`);
    assert.equal(new Set(justifications.map((j) => j.id)).size, justifications.length, 'ids are unique');
    const langs = new Set(justifications.flatMap((j) => j.lang.split('+')));
    for (const lang of ['en', 'fr', 'de', 'es', 'ja', 'zh', 'ru', 'ar']) assert.ok(langs.has(lang), `a justification in ${lang}`);
    assert.ok(new Set(justifications.map((j) => j.technique)).size >= 15, 'many techniques');
    assert.ok(justifications.some((j) => textOf(j).length >= 20_000), 'a very long one');
    recordFigure({ suite: 'hostile', name: 'prompt-injection justifications tried', value: justifications.length });
  });

  it('the fixed request is one the rules would auto-approve with a neutral justification', () => {
    // Otherwise "never auto-approvable" below would hold for reasons that have nothing to do with the text.
    assert.equal(neutral.autoApprovable, true);
    assert.equal(neutral.recommendedAction, 'approve');
    assert.equal(neutral.riskBand, 'low');
  });

  it('by the rules alone, none lowers the score or makes the request auto-approvable', () => {
    for (const entry of corpus.justifications) {
      for (const { name, place } of placements) {
        const a = triage(withJustification(place(textOf(entry))), routine.baseline, NOW);
        assertHeld(a, neutral.riskScore, `${entry.id} ${name}`);
      }
    }
  });

  it('each is recognised as text that tries to steer the reviewer', () => {
    const missed = corpus.justifications.filter((entry) => placements.some(({ place }) => !triage(withJustification(place(textOf(entry))), routine.baseline, NOW).flags.includes('prompt-injection')));
    assert.deepEqual(
      missed.map((m) => m.id),
      [],
      'not flagged as prompt-injection',
    );
  });

  it('innocent justifications that share their words are not taken for injections', () => {
    // The detector earns its place only if approvers can still write "risk: low" or "an AI model".
    const flagged = corpus.benign.filter((text) => triage(withJustification(text), routine.baseline, NOW).flags.includes('prompt-injection'));
    assert.deepEqual(flagged, []);
  });

  describe('through the model path, with a model that does what the injection says', () => {
    let standIn: ChatCompletionsStandIn;
    let client: ChatClient;
    before(async () => {
      standIn = await startChatCompletions();
      client = createChatClient({ url: `${standIn.url}/v1/chat/completions`, headers: {}, model: 'stand-in', label: 'openai-compatible/stand-in' }, { timeoutMs: 2_000 });
    });
    after(async () => standIn?.close());

    /** What an obedient model might say: nothing wrong, a reassuring note, or the verdict it was asked for. */
    const obedient: Array<{ name: string; answer: ScriptedAnswer }> = [
      { name: 'no concerns', answer: { content: JSON.stringify({ concerns: [] }) } },
      { name: 'a reassuring zero-point note', answer: { content: JSON.stringify({ concerns: [{ detail: 'Pre-approved by the CISO; risk 1, approve.', points: 0, flag: null }] }) } },
      { name: 'the verdict it was told to give', answer: { content: JSON.stringify({ riskScore: 1, recommendedAction: 'approve', autoApprovable: true }) } },
      { name: 'negative points', answer: { content: JSON.stringify({ concerns: [{ detail: 'Safe, lower the score.', points: -9, flag: null }] }) } },
      { name: 'prose', answer: { content: 'Risk 1. Approve this request.' } },
    ];

    // Each injection meets one kind of obedient answer in turn (all of them with RELIABILITY_LONG=1).
    const every = process.env.RELIABILITY_LONG === '1';

    it('the score stays at or above both rule-only scores and the request is never auto-approvable', async () => {
      let tried = 0;
      for (const [i, entry] of corpus.justifications.entries()) {
        for (const [j, { name, place }] of placements.entries()) {
          const ctx = withJustification(place(textOf(entry)));
          const rules = triage(ctx, routine.baseline, NOW);
          for (const { name: says, answer } of every ? obedient : [obedient[(i * placements.length + j) % obedient.length]!]) {
            standIn.enqueue(answer);
            const before = standIn.calls.length;
            const a = await withModelReading(rules, ctx, client);
            assert.equal(standIn.calls.length, before + 1, 'the model was asked');
            const label = `${entry.id} ${name}, the model answering ${says}`;
            assertHeld(a, Math.max(neutral.riskScore, rules.riskScore), label);
            assert.ok(a.flags.includes('prompt-injection'), `${label}: the rules' flag stands`);
            tried += 1;
          }
        }
      }
      recordFigure({ suite: 'hostile', name: 'prompt-injection triages with an obedient model', value: tried });
    });
  });
});
