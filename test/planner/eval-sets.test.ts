/**
 * Every case of the shared conversation evaluation, run in-process against its tenant: the same
 * checks as the scoring script, which runs the command line once per case.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadSnapshot } from '../../src/tenant/snapshot.js';
import { contextFor, parseUtterance, recommendRoles } from '../../src/planner/index.js';

const EVAL = fileURLToPath(new URL('../../../shared/eval/', import.meta.url));
const TENANT = join(EVAL, 'triage/contoso.json');
const present = existsSync(TENANT);
const norm = (v: unknown): unknown => (typeof v === 'string' ? v.toLowerCase().trim() : v);

interface UtteranceCase {
  as: string;
  text: string;
  intent: string;
  role?: string | null;
  duration?: string | null;
  ticket?: string | null;
  subject?: string | null;
}

test('utterances.json: every intent and slot', { skip: !present && 'shared/eval is not beside the repository' }, async () => {
  const snapshot = await loadSnapshot(TENANT);
  const spec = JSON.parse(readFileSync(join(EVAL, 'conversation/utterances.json'), 'utf8')) as { cases: UtteranceCase[] };
  const wrong: string[] = [];
  for (const c of spec.cases) {
    const got = parseUtterance(c.text, contextFor(snapshot, c.as, new Date()));
    if (got.intent !== c.intent) wrong.push(`${c.text}: intent ${got.intent}`);
    for (const k of ['role', 'duration', 'ticket', 'subject'] as const) {
      if (k in c && norm(got[k]) !== norm(c[k])) wrong.push(`${c.text}: ${k} ${JSON.stringify(got[k])}`);
    }
  }
  assert.ok(spec.cases.length > 0);
  assert.deepEqual(wrong, []);
});

test('recommend.json: the first role is one of the least privileged', { skip: !present && 'shared/eval is not beside the repository' }, async () => {
  const snapshot = await loadSnapshot(TENANT);
  const spec = JSON.parse(readFileSync(join(EVAL, 'conversation/recommend.json'), 'utf8')) as { cases: Array<{ task: string; roles: string[] }> };
  const wrong: string[] = [];
  for (const c of spec.cases) {
    const first = recommendRoles(c.task, snapshot['roleManagement/directory/roleDefinitions'])[0];
    if (!first || !c.roles.includes(first.displayName)) wrong.push(`${c.task}: ${first?.displayName}`);
  }
  assert.ok(spec.cases.length > 0);
  assert.deepEqual(wrong, []);
});
