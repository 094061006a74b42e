/** Top-level members read from a record's bytes: never a nested member's, escapes and layout as JSON has them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { topLevelReader } from '../../src/tenant/json-peek.js';

const peekTopLevel = (json: Buffer, keys: readonly string[]) => topLevelReader(keys)(json);

const peek = (value: unknown, keys: string[], space?: number) => peekTopLevel(Buffer.from(JSON.stringify(value, null, space)), keys);

describe('peekTopLevel', () => {
  it('reads string members, compact or pretty-printed, and stops at the object’s end', () => {
    const rec = { id: 'a1', createdDateTime: '2026-11-17T21:44:20Z', userId: 'u-1', status: { errorCode: 0 } };
    for (const space of [undefined, 2]) assert.deepEqual(peek(rec, ['id', 'userId', 'createdDateTime'], space), ['a1', 'u-1', '2026-11-17T21:44:20Z']);
    assert.deepEqual(peekTopLevel(Buffer.from('{"id":"a"}, {"userId":"x"}'), ['id', 'userId']), ['a', undefined]);
  });

  it('never takes a nested member for the record’s own', () => {
    const rec = { nested: { userId: 'wrong', list: [{ userId: 'wrong too' }] }, note: '"userId":"in a string"', userId: 'right' };
    assert.deepEqual(peek(rec, ['userId']), ['right']);
    assert.deepEqual(peek({ nested: { userId: 'wrong' } }, ['userId']), [undefined]);
  });

  it('gives null for a member that is null or not a string, undefined for an absent one', () => {
    assert.deepEqual(peek({ a: null, b: 3, c: { d: 'x' }, e: ['y'], f: true, g: 'ok' }, ['a', 'b', 'c', 'e', 'f', 'g', 'h'], 1), [null, null, null, null, null, 'ok', undefined]);
    assert.deepEqual(peekTopLevel(Buffer.from('not json'), ['id']), [undefined]);
    assert.deepEqual(peekTopLevel(Buffer.from('{"id":"unterminated'), ['id']), [undefined]);
  });

  it('reads escaped and non-ASCII values exactly', () => {
    const rec = { id: 'q"uo\\te \u00e9\u4e2d \ud83d\ude00 \n', userId: '\u0001' };
    assert.deepEqual(peek(rec, ['id', 'userId']), [rec.id, rec.userId]);
  });

  it('agrees with JSON.parse on any object', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 }), fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }), fc.boolean(), (obj, extra, pretty) => {
        const keys = [...new Set([...Object.keys(obj).slice(0, 3), ...extra])];
        const text = JSON.stringify(obj, null, pretty ? 2 : undefined);
        const parsed = JSON.parse(text) as Record<string, unknown>;
        const expected = keys.map((k) => (!Object.prototype.hasOwnProperty.call(parsed, k) ? undefined : typeof parsed[k] === 'string' ? parsed[k] : null));
        assert.deepEqual(peekTopLevel(Buffer.from(text), keys), expected);
      }),
      { numRuns: 500 },
    );
  });
});
