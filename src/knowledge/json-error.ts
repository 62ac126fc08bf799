/**
 * Turns a JSON.parse failure into one line an operator can act on: what is wrong and
 * the line and column where it is.
 *
 * V8 reports a position for most syntax errors, but not for a bad bare word such as
 * `"order": ten` or `NaN` (Node 20): it gives a quoted excerpt of the file instead,
 * newlines and all. For those a small scanner finds the position itself.
 */
export function describeJsonError(err: unknown, text: string): string {
  const message = err instanceof Error ? err.message : String(err);
  const reported = /at position (\d+)/.exec(message);
  if (reported) return `${summarize(message)} at ${lineAndColumn(text, Number(reported[1]))}`;
  const offset = locateJsonError(text) ?? (/end of JSON input/.test(message) ? text.length : undefined);
  if (offset === undefined) return summarize(message);
  return `${describeAt(text, offset)} at ${lineAndColumn(text, offset)}`;
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/** V8's message without its position and without any excerpt of the file, on one line. */
function summarize(message: string): string {
  return message
    .replace(/,\s*(?:\.\.\.)?"[\s\S]*is not valid JSON$/, '')
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/\s*(?:in JSON )?at position \d+[\s\S]*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What the scanner found at `offset`, in the words V8 would use. */
function describeAt(text: string, offset: number): string {
  if (offset >= text.length) return 'Unexpected end of JSON input';
  const word = /^[\p{L}\p{N}_$.+-]+/u.exec(text.slice(offset, offset + 40));
  if (word) return `Unexpected word '${word[0]}'`;
  const ch = text[offset] as string;
  if (ch === '\n' || ch === '\r') return 'Unexpected line break';
  if (ch < ' ') return 'Bad control character';
  return `Unexpected character '${ch}'`;
}

/**
 * The offset of the first syntax error in `text`, or undefined if it is valid JSON.
 * Follows RFC 8259 exactly; only used to place an error JSON.parse already found.
 */
export function locateJsonError(text: string): number | undefined {
  let i = 0;
  class Stop {
    constructor(readonly at: number) {}
  }
  const fail = (at = i): never => {
    throw new Stop(at);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const literal = (word: string) => {
    const start = i;
    for (const ch of word) {
      if (text[i] !== ch) fail(start);
      i++;
    }
  };
  const digits = () => {
    if (!/[0-9]/.test(text[i] ?? '')) fail();
    while (/[0-9]/.test(text[i] ?? '')) i++;
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const string = () => {
    i++;
    for (;;) {
      const ch = text[i];
      if (ch === undefined || ch < ' ') fail();
      i++;
      if (ch === '"') return;
      if (ch === '\\') {
        const esc = text[i];
        if (esc === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 5;
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) i++;
        else fail();
      }
    }
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
        value();
        space();
        if (text[i] === '}') {
          i++;
          return;
        }
        if (text[i] !== ',') fail();
        i++;
      }
    }
    if (ch === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] === ']') {
          i++;
          return;
        }
        if (text[i] !== ',') fail();
        i++;
      }
    }
    if (ch === '"') string();
    else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) number();
    else if (ch === 't') literal('true');
    else if (ch === 'f') literal('false');
    else if (ch === 'n') literal('null');
    else fail();
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return undefined;
  } catch (stop) {
    if (stop instanceof Stop) return stop.at;
    throw stop;
  }
}
