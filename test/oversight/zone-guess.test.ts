/** Off-hours when nobody's time zone is known: the tenant's clock judged from when its admins work. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionBaseline } from '../../src/oversight/baseline.js';
import { fromStored, toStored } from '../../src/oversight/baseline-store.js';
import { createScanner, scanOversight, timelineOf } from '../../src/oversight/scan.js';
import type { OversightInput } from '../../src/oversight/types.js';
import { WorkTimes } from '../../src/oversight/zone-guess.js';
import { fromLocal, TenantBuilder } from './support/tenant-builder.js';

/** Weekday actions between 09:00 and 17:00 on a zone's wall clock, every `step` minutes, over `days` days from `from`. */
function officeDays(zone: string, from: string, days: number, step = 30): WorkTimes {
  const times = new WorkTimes();
  for (let d = 0; d < days; d++) {
    const date = new Date(Date.parse(`${from}T12:00:00Z`) + d * 86_400_000);
    if (date.getUTCDay() === 0 || date.getUTCDay() === 6) continue;
    const day = date.toISOString().slice(0, 10);
    for (let m = 9 * 60; m < 17 * 60; m += step) times.add(fromLocal(`${day}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`, zone));
  }
  return times;
}

/** Every user's mailbox zone removed, as when the app may not read mailbox settings. */
function withoutZones(input: OversightInput): OversightInput {
  return { ...input, users: input.users?.map(({ mailboxSettings: _, ...u }) => u) };
}

describe('zone judged from the logs', () => {
  it('finds the zone whose working day the actions keep, daylight saving included', () => {
    // Across the end of US daylight saving (1 November 2026): a fixed offset fits only half of it.
    assert.equal(officeDays('America/Los_Angeles', '2026-10-05', 56).guess(), 'America/Los_Angeles');
    assert.equal(officeDays('Asia/Tokyo', '2026-10-05', 56).guess(), 'Asia/Tokyo');
    assert.equal(officeDays('Europe/Berlin', '2026-10-05', 56).guess(), 'Europe/Berlin');
    assert.equal(officeDays('Asia/Kolkata', '2026-10-05', 56).guess(), 'Asia/Kolkata');
  });

  it('prefers the zone that changes its clocks when a stretch without a change cannot tell', () => {
    // A summer in Chicago is also a year-round Bogota; a southern winter in Sydney is Brisbane's clock.
    assert.equal(officeDays('America/Chicago', '2026-06-01', 56).guess(), 'America/Chicago');
    assert.equal(officeDays('Australia/Sydney', '2026-06-01', 56).guess(), 'Australia/Sydney');
    assert.equal(officeDays('Europe/London', '2026-12-01', 56).guess(), 'Europe/London');
  });

  it('judges only from the actions up to the time asked, so what is being judged cannot sway it', () => {
    const times = officeDays('Asia/Tokyo', '2026-10-05', 28);
    const until = Date.parse('2026-11-02T00:00:00Z');
    // Then a month of night work on a Tokyo clock, enough to pull the guess elsewhere if it counted.
    for (let d = 0; d < 28; d++) for (let k = 0; k < 40; k++) times.add(fromLocal(`2026-11-${String(3 + (d % 26)).padStart(2, '0')}T02:${String(k).padStart(2, '0')}`, 'Asia/Tokyo'));
    assert.notEqual(times.guess(), 'Asia/Tokyo');
    assert.equal(times.guess(until), 'Asia/Tokyo');
  });

  it('keeps the newest 400 days, whichever order the log comes in', () => {
    const start = Date.parse('2025-01-01T10:00:00Z');
    const days = Array.from({ length: 500 }, (_, d) => start + d * 86_400_000);
    const oldestFirst = new WorkTimes();
    for (const at of days) oldestFirst.add(at);
    const newestFirst = new WorkTimes();
    for (const at of [...days].reverse()) newestFirst.add(at);
    assert.equal(oldestFirst.events, 400);
    assert.equal(newestFirst.events, 400);
    // The oldest day kept is the same one either way: a day older than it is not counted.
    oldestFirst.add(start + 99 * 86_400_000);
    newestFirst.add(start + 99 * 86_400_000);
    assert.deepEqual([oldestFirst.events, newestFirst.events], [400, 400]);
  });

  it('does not guess from a handful of actions', () => {
    assert.equal(officeDays('Asia/Tokyo', '2026-10-05', 2).guess(), undefined);
  });

  it("catches a 03:10 reset in Seattle when no one's mailbox zone is readable, and says the zone is judged", () => {
    const t = new TenantBuilder('tailspin.example', 'Pacific Standard Time');
    for (const key of ['ana', 'ben', 'cruz']) t.user(key, { name: key, eligible: ['helpdesk'] });
    t.user('omar', { name: 'Omar Haddad' });
    const routine = { until: '2026-11-09', days: 60, activities: ['Reset password (by admin)', 'Update user'], justification: 'Service desk shift' };
    t.routine('ana', 'helpdesk', { ...routine, seed: 1 });
    t.routine('ben', 'helpdesk', { ...routine, seed: 2 });
    t.routine('cruz', 'helpdesk', { ...routine, seed: 3 });
    // Wednesday 03:00 in Seattle is 11:00 UTC: inside the working day on a UTC clock.
    const a = t.activate('ana', 'helpdesk', '2026-11-11T03:00', 'Service desk shift');
    t.act('ana', a.start + 5 * 60_000, 'Reset password (by admin)', 'Omar Haddad');
    const since = '2026-11-09T00:00:00Z';

    const result = scanOversight(withoutZones(t.input()), { since });
    const offHours = result.alerts.filter((x) => x.kind === 'off-hours');
    assert.deepEqual(offHours.map((x) => x.userId), [t.id('ana')]);
    assert.match(offHours[0]?.summary ?? '', /03:10 on Wednesday their time \(America\/Los_Angeles, judged from when this tenant's admins work\)/);
    // The routine weeks stay quiet on the judged clock.
    assert.deepEqual(result.alerts.filter((x) => x.userId !== t.id('ana')), []);

    // The clock is kept with the baseline, so a later poll (too few records to judge from) reads the same hours.
    const timeline = timelineOf(withoutZones(t.input()));
    const workTimes = new WorkTimes();
    for (const item of timeline) workTimes.note(item);
    const learner = createScanner(withoutZones(t.input()), { since }, { workTimes });
    for (const item of timeline) learner.push(item);
    learner.finish();
    const kept = fromStored(JSON.parse(JSON.stringify(toStored(learner.learnedBaseline() as SessionBaseline))) as ReturnType<typeof toStored>);
    assert.equal(kept.guessedZone, 'America/Los_Angeles');
    const poll = withoutZones(t.input());
    poll.directoryAudits = poll.directoryAudits.filter((e) => Date.parse(e.activityDateTime as string) >= Date.parse(since));
    const later = scanOversight(poll, { since, baseline: kept }).alerts.filter((x) => x.kind === 'off-hours');
    assert.match(later[0]?.summary ?? '', /03:10 on Wednesday their time \(America\/Los_Angeles, judged/);

    // A baseline learned while zones were readable carries no judged zone: a poll that cannot read
    // them falls back to UTC rather than judging the zone from its own few hours.
    const onZones = createScanner(t.input(), { since });
    for (const item of timelineOf(t.input())) onZones.push(item);
    onZones.finish();
    const learned = onZones.learnedBaseline() as SessionBaseline;
    assert.equal(learned.guessedZone, undefined);
    // The same records that gave the judged alert above, with history enough to judge from.
    const blind = scanOversight(withoutZones(t.input()), { since, baseline: learned }).alerts;
    assert.deepEqual(blind.filter((x) => /judged/.test(x.summary)), []);
  });
});
