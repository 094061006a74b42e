/**
 * Card templates from `adaptive-cards/`, read once and expanded with adaptivecards-templating.
 * Text people typed goes through `plain` first, so a justification cannot carry links or markup.
 */
import { readFileSync } from 'node:fs';
import * as ACData from 'adaptivecards-templating';

export type CardJson = Record<string, unknown>;

const cache = new Map<string, object>();
// A Template keeps what it parsed: building one per card costs tens of milliseconds, expanding a kept one a few.
const compiled = new Map<string, ACData.Template>();

/** The template file's JSON (for tests and the gallery). */
export function templateOf(name: string): object {
  let template = cache.get(name);
  if (!template) {
    template = JSON.parse(readFileSync(new URL(`../../adaptive-cards/${name}.json`, import.meta.url), 'utf8')) as object;
    cache.set(name, template);
  }
  return template;
}

export function expandTemplate(name: string, data: object): CardJson {
  let template = compiled.get(name);
  if (!template) compiled.set(name, (template = new ACData.Template(templateOf(name))));
  return template.expand({ $root: data }) as CardJson;
}

/** Escapes the Markdown Teams renders in a TextBlock, so typed text shows as typed. */
export function plain(text: string | undefined | null): string {
  return (text ?? '')
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_[\]~]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([#>+-])/, '$1\\$2');
}
