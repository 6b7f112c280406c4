/** Where a JSON text first goes wrong, for a message a person can act on. */
export interface JsonErrorPlace {
  line: number;
  column: number;
  reason: string;
}

class Stop {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/**
 * JSON.parse's messages name an offset at best (and sometimes quote the text); this scans the text
 * the same way and names the line and column of the first error. Only called once parsing failed.
 */
export function locateJsonError(text: string): JsonErrorPlace | undefined {
  let i = 0;
  const describe = (at: number) => (at >= text.length ? "unexpected end of file" : `unexpected ${JSON.stringify(text[at])}`);
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const expect = (ch: string, what: string) => {
    ws();
    if (text[i] !== ch) throw new Stop(i, `${describe(i)}; expected ${what}`);
    i++;
  };
  const match = (re: RegExp) => {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  const value = (depth: number): void => {
    if (depth > 500) throw new Stop(i, "nested too deeply");
    ws();
    const ch = text[i];
    if (ch === "{") {
      i++;
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        if (!match(STRING)) throw new Stop(i, `${describe(i)}; expected a property name in double quotes`);
        expect(":", "':' after the property name");
        value(depth + 1);
        ws();
        if (text[i] === ",") {
          i++;
          ws();
          if (text[i] === "}") throw new Stop(i, "trailing comma before '}'");
          continue;
        }
        return expect("}", "',' or '}'");
      }
    }
    if (ch === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ",") {
          i++;
          ws();
          if (text[i] === "]") throw new Stop(i, "trailing comma before ']'");
          continue;
        }
        return expect("]", "',' or ']'");
      }
    }
    if (ch === '"') {
      if (!match(STRING)) throw new Stop(i, "a string that is not closed or has an invalid escape or control character");
      return;
    }
    for (const word of ["true", "false", "null"]) if (text.startsWith(word, i)) return void (i += word.length);
    if (!match(NUMBER)) throw new Stop(i, `${describe(i)}; expected a value`);
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    value(0);
    ws();
    if (i < text.length) throw new Stop(i, `${describe(i)} after the end of the JSON value`);
    return undefined;
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    const before = text.slice(0, err.offset);
    const line = before.split("\n").length;
    return { line, column: err.offset - before.lastIndexOf("\n"), reason: err.reason };
  }
}
