/**
 * A small structural reader for the project's Bicep files, for tests that run where no Bicep
 * compiler can be installed: it strips comments and strings, checks delimiters, and lists the
 * top-level params, outputs, resources and modules. It is not a Bicep parser.
 */
import { readText } from './project.js';

export interface BicepParam {
  name: string;
  type: string;
  hasDefault: boolean;
  secure: boolean;
}
export interface BicepFile {
  text: string;
  /** The text with comments removed and string contents blanked (interpolations kept). */
  code: string;
  params: BicepParam[];
  outputs: Array<{ name: string; expression: string }>;
  resources: Array<{ symbol: string; type: string; apiVersion: string; existing: boolean }>;
  modules: Array<{ symbol: string; path: string; params: string[] }>;
}

/** Removes comments and blanks string contents, keeping `${…}` interpolations; throws on imbalance. */
export function stripBicep(text: string): string {
  let out = '';
  const stack: string[] = []; // '{', '[', '(', "'" (in string), '${' (interpolation)
  const closer: Record<string, string> = { '{': '}', '[': ']', '(': ')', '${': '}' };
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const top = stack.at(-1);
    if (c === '\n') line++;
    if (top === "'") {
      if (c === "'") {
        stack.pop();
        out += c;
      } else if (c === '\\') {
        out += '  ';
        i++;
      } else if (c === '$' && text[i + 1] === '{') {
        stack.push('${');
        out += '${';
        i++;
      } else {
        out += c === '\n' ? '\n' : ' ';
      }
      continue;
    }
    if (text.startsWith("'''", i)) {
      const end = text.indexOf("'''", i + 3);
      if (end < 0) throw new Error(`unterminated multi-line string at line ${line}`);
      out += text.slice(i, end + 3).replace(/[^\n]/g, ' ');
      i = end + 2;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      // Blanked, not removed, so offsets in the code match offsets in the text.
      while (i < text.length && text[i] !== '\n') {
        out += ' ';
        i++;
      }
      i--;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new Error(`unterminated comment at line ${line}`);
      out += text.slice(i, end + 2).replace(/[^\n]/g, ' ');
      i = end + 1;
      continue;
    }
    if (c === "'") stack.push("'");
    else if (c === '{' || c === '[' || c === '(') stack.push(c);
    else if (c === '}' || c === ']' || c === ')') {
      const open = stack.pop();
      if (!open || closer[open] !== c) throw new Error(`unbalanced '${c}' at line ${line}`);
    }
    out += c;
  }
  if (stack.length) throw new Error(`unclosed '${stack.at(-1)}' at end of file`);
  return out;
}

/** The text of the `{ … }` block that opens at `start` (an index of '{' in stripped code). */
export function blockAt(code: string, start: number): string {
  let depth = 0;
  for (let i = start; i < code.length; i++) {
    if (code[i] === '{') depth++;
    else if (code[i] === '}' && --depth === 0) return code.slice(start + 1, i);
  }
  throw new Error('unclosed block');
}

/** Keys at the top level of an object block's text. */
export function topLevelKeys(block: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (const raw of block.split('\n')) {
    if (depth === 0) {
      const m = /^\s*'?([A-Za-z_$][\w$.-]*)'?\s*:/.exec(raw);
      if (m) keys.push(m[1]!);
    }
    for (const c of raw) {
      if (c === '{' || c === '[' || c === '(') depth++;
      else if (c === '}' || c === ']' || c === ')') depth--;
    }
  }
  return keys;
}

export function readBicep(file: string): BicepFile {
  const text = readText(file);
  const code = stripBicep(text);
  const lines = text.split('\n');
  const params: BicepParam[] = [];
  for (const [i, line] of lines.entries()) {
    const m = /^param\s+(\w+)\s+(\w+)(\s*=)?/.exec(line);
    if (!m) continue;
    let j = i - 1;
    let secure = false;
    while (j >= 0 && lines[j]!.startsWith('@')) secure ||= lines[j--]!.startsWith('@secure()');
    params.push({ name: m[1]!, type: m[2]!, hasDefault: Boolean(m[3]), secure });
  }
  const outputs = [...text.matchAll(/^output\s+(\w+)\s+\w+\s*=\s*(.+)$/gm)].map((m) => ({ name: m[1]!, expression: m[2]! }));
  const resources = [...text.matchAll(/^resource\s+(\w+)\s+'([\w./]+)@([\w-]+)'\s*(existing\s*)?=/gm)].map((m) => ({
    symbol: m[1]!,
    type: m[2]!,
    apiVersion: m[3]!,
    existing: Boolean(m[4]),
  }));
  const modules: BicepFile['modules'] = [];
  for (const m of text.matchAll(/^module\s+(\w+)\s+'([^']+)'\s*=\s*\{/gm)) {
    const body = blockAt(code, m.index + m[0].length - 1);
    const paramsAt = /\n\s{2}params:\s*\{/.exec(body);
    const given = paramsAt ? topLevelKeys(blockAt(body, paramsAt.index + paramsAt[0].length - 1)) : [];
    modules.push({ symbol: m[1]!, path: m[2]!, params: given });
  }
  return { text, code, params, outputs, resources, modules };
}

/** Names of the outputs of a Bicep file. */
export function bicepOutputs(file: string): string[] {
  return readBicep(file).outputs.map((o) => o.name);
}
