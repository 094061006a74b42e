/**
 * OData `$filter` as Microsoft Graph accepts it: comparisons, `and`/`or`/`not`, `in`, string
 * functions, `any`/`all` lambdas and nested paths, parsed to a small AST (evaluate.ts runs it).
 */

export type Literal = string | number | boolean | null;

export type Expr =
  | { kind: 'literal'; value: Literal; datetime?: number }
  | { kind: 'path'; segments: string[] }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'not'; operand: Expr }
  | { kind: 'in'; left: Expr; items: Expr[] }
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'lambda'; source: string[]; op: 'any' | 'all'; variable?: string; body?: Expr };

export type BinaryOp = 'and' | 'or' | 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export class FilterError extends Error {}

const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS: Record<string, number> = { startswith: 2, endswith: 2, contains: 2, tolower: 1, toupper: 1, trim: 1 };

type Token = { type: 'str' | 'num' | 'date' | 'guid' | 'word' | 'punct'; text: string; pos: number; value?: Literal };

const DATETIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/;
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w-])/;
const WORD = /^[A-Za-z_@$][\w.@$]*/;

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = src.slice(i);
    if (ch === "'") {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= src.length) throw new FilterError(`Syntax error: unterminated string literal at position ${i} in '${src}'.`);
        if (src[j] === "'") {
          if (src[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += src[j];
        j++;
      }
      tokens.push({ type: 'str', text: src.slice(i, j + 1), pos: i, value: text });
      i = j + 1;
      continue;
    }
    if ('(),/:'.includes(ch)) {
      tokens.push({ type: 'punct', text: ch, pos: i });
      i++;
      continue;
    }
    let m = GUID.exec(rest);
    if (m) {
      tokens.push({ type: 'guid', text: m[0], pos: i, value: m[0] });
      i += m[0].length;
      continue;
    }
    m = DATETIME.exec(rest);
    if (m && m[0].length >= 10) {
      tokens.push({ type: 'date', text: m[0], pos: i, value: m[0] });
      i += m[0].length;
      continue;
    }
    m = NUMBER.exec(rest);
    if (m) {
      tokens.push({ type: 'num', text: m[0], pos: i, value: Number(m[0]) });
      i += m[0].length;
      continue;
    }
    m = WORD.exec(rest);
    if (m) {
      // A typed literal such as microsoft.graph.riskLevel'high' is just its string.
      if (src[i + m[0].length] === "'") {
        i += m[0].length;
        continue;
      }
      tokens.push({ type: 'word', text: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    throw new FilterError(`Syntax error: character '${ch}' is not valid at position ${i} in '${src}'.`);
  }
  return tokens;
}

class Parser {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly tokens: Token[],
  ) {}

  parse(): Expr {
    if (this.tokens.length === 0) throw new FilterError(`Syntax error: the filter is empty.`);
    const expr = this.or();
    const extra = this.tokens[this.i];
    if (extra) this.fail(extra);
    return expr;
  }

  private fail(tok?: Token): never {
    if (!tok) throw new FilterError(`Syntax error: unexpected end of '${this.src}'.`);
    throw new FilterError(`Syntax error at position ${tok.pos} in '${this.src}'.`);
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private isWord(tok: Token | undefined, word: string): boolean {
    return tok?.type === 'word' && tok.text.toLowerCase() === word;
  }

  private expect(text: string): void {
    const tok = this.tokens[this.i];
    if (!tok || tok.text !== text) this.fail(tok);
    this.i++;
  }

  private or(): Expr {
    let left = this.and();
    while (this.isWord(this.peek(), 'or')) {
      this.i++;
      left = { kind: 'binary', op: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Expr {
    let left = this.unary();
    while (this.isWord(this.peek(), 'and')) {
      this.i++;
      left = { kind: 'binary', op: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isWord(this.peek(), 'not')) {
      this.i++;
      return { kind: 'not', operand: this.unary() };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.operand();
    const tok = this.peek();
    if (tok?.type === 'word') {
      const op = tok.text.toLowerCase();
      if (COMPARISONS.has(op)) {
        this.i++;
        return { kind: 'binary', op: op as BinaryOp, left, right: this.operand() };
      }
      if (op === 'in') {
        this.i++;
        this.expect('(');
        const items: Expr[] = [];
        if (this.peek()?.text !== ')') {
          items.push(this.operand());
          while (this.peek()?.text === ',') {
            this.i++;
            items.push(this.operand());
          }
        }
        this.expect(')');
        return { kind: 'in', left, items };
      }
    }
    return left;
  }

  private operand(): Expr {
    const tok = this.peek();
    if (!tok) this.fail();
    if (tok.text === '(') {
      this.i++;
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    if (tok.type === 'str' || tok.type === 'num' || tok.type === 'guid') {
      this.i++;
      return { kind: 'literal', value: tok.value ?? null };
    }
    if (tok.type === 'date') {
      this.i++;
      const ms = Date.parse(tok.text.length === 10 ? `${tok.text}T00:00:00Z` : tok.text);
      if (Number.isNaN(ms)) this.fail(tok);
      return { kind: 'literal', value: tok.text, datetime: ms };
    }
    if (tok.type !== 'word') this.fail(tok);
    const word = tok.text.toLowerCase();
    if (word === 'true' || word === 'false') {
      this.i++;
      return { kind: 'literal', value: word === 'true' };
    }
    if (word === 'null') {
      this.i++;
      return { kind: 'literal', value: null };
    }
    if (this.tokens[this.i + 1]?.text === '(' && Object.hasOwn(FUNCTIONS, word)) {
      this.i += 2;
      const args: Expr[] = [];
      if (this.peek()?.text !== ')') {
        args.push(this.or());
        while (this.peek()?.text === ',') {
          this.i++;
          args.push(this.or());
        }
      }
      this.expect(')');
      if (args.length !== FUNCTIONS[word]) throw new FilterError(`Syntax error: ${word} takes ${FUNCTIONS[word]} arguments in '${this.src}'.`);
      return { kind: 'call', name: word, args };
    }
    return this.path();
  }

  private path(): Expr {
    const segments: string[] = [];
    for (;;) {
      const tok = this.peek();
      if (tok?.type !== 'word') this.fail(tok);
      const lower = tok.text.toLowerCase();
      if ((lower === 'any' || lower === 'all') && segments.length > 0 && this.tokens[this.i + 1]?.text === '(') {
        this.i += 2;
        return this.lambda(segments, lower);
      }
      segments.push(tok.text);
      this.i++;
      if (this.peek()?.text !== '/') return { kind: 'path', segments };
      this.i++;
    }
  }

  private lambda(source: string[], op: 'any' | 'all'): Expr {
    if (this.peek()?.text === ')') {
      this.i++;
      return { kind: 'lambda', source, op };
    }
    const variable = this.peek();
    if (variable?.type !== 'word') this.fail(variable);
    this.i++;
    this.expect(':');
    const body = this.or();
    this.expect(')');
    return { kind: 'lambda', source, op, variable: variable.text, body };
  }
}

/** Parses a `$filter` expression; throws FilterError with a Graph-like message when it is malformed. */
export function parseFilter(src: string): Expr {
  return new Parser(src, tokenize(src)).parse();
}

/** The conjuncts of a top-level `and` chain, for index planning. */
export function conjuncts(expr: Expr): Expr[] {
  if (expr.kind === 'binary' && expr.op === 'and') return [...conjuncts(expr.left), ...conjuncts(expr.right)];
  return [expr];
}
