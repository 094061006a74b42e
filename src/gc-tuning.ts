/**
 * V8's allocation-site pretenuring watches where objects are made and, once most of one site's
 * objects have survived a collection, makes the rest of them straight in the old generation. The
 * oversight scan decodes millions of records that live for a moment; whether a site gets tenured
 * depends on what happened to be alive at one early collection, and when it does every later
 * record dies in the old generation: measured on a million-record snapshot scan, 15% slower and
 * 40 MB more, in about half the runs. The bot's own long-lived state is small, so it loses nothing
 * by having its survivors promoted the usual way. `npm start`, the container and `pim-copilot`
 * itself pass the flag to node; this sets it for the other ways in (tsx, the benchmarks), once,
 * before any command runs.
 */
import { setFlagsFromString } from 'node:v8';

export function tuneCollector(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
