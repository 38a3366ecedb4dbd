/**
 * A tiny schema language for the blueprint. One description drives both the runtime
 * validator and the TypeScript types (via Infer), so the two cannot drift apart.
 */
export type Schema =
  | {
      kind: "string";
      /** Free text that may span lines (file data, PEM, kickstart contents); other strings land on one generated line. */
      multiline?: boolean;
      /** A shape the value must have, with what to say when it does not. */
      pattern?: RegExp;
      expected?: string;
      /** The only values allowed (an enum); Infer gives their union. */
      values?: readonly string[];
    }
  | { kind: "integer"; min?: number; max?: number }
  | { kind: "boolean" }
  | { kind: "size" }
  | { kind: "string-or-integer" }
  | { kind: "array"; items: Schema }
  | { kind: "object"; fields: Record<string, Schema>; required: readonly string[] };

export const t = {
  string: () => ({ kind: "string" }) as const,
  /** A string that may hold newlines and tabs (it is written to a file, never onto one line). */
  text: () => ({ kind: "string", multiline: true }) as const,
  /** A string of a given shape (names that reach files and commands). */
  name: (pattern: RegExp, expected: string) => ({ kind: "string", pattern, expected }) as const,
  /** One of a fixed set of words. */
  oneOf: <const V extends readonly string[]>(values: V) =>
    ({ kind: "string", values, pattern: new RegExp(`^(?:${values.map(escapeRegExp).join("|")})$`), expected: `one of ${values.join(", ")}` }) as const,
  integer: (range: { min?: number; max?: number } = {}) => ({ kind: "integer", ...range }) as const,
  boolean: () => ({ kind: "boolean" }) as const,
  /** Byte count as an integer or a string with a unit ("10 GiB"). */
  size: () => ({ kind: "size" }) as const,
  stringOrInteger: () => ({ kind: "string-or-integer" }) as const,
  array: <S extends Schema>(items: S) => ({ kind: "array", items }) as const,
  object: <F extends Record<string, Schema>, const R extends keyof F & string = never>(fields: F, required: readonly R[] = []) =>
    ({ kind: "object", fields, required }) as const,
};

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

type Prettify<T> = { [K in keyof T]: T[K] } & {};

export type Infer<S> = S extends { kind: "string"; values: readonly (infer V)[] }
  ? V
  : S extends { kind: "string" }
    ? string
    : S extends { kind: "integer" }
      ? number
      : S extends { kind: "boolean" }
        ? boolean
        : S extends { kind: "size" }
          ? number | string
          : S extends { kind: "string-or-integer" }
            ? string | number
            : S extends { kind: "array"; items: infer I }
              ? Infer<I>[]
              : S extends { kind: "object"; fields: infer F; required: readonly (infer R)[] }
                ? Prettify<
                    { [K in keyof F as K extends R ? K : never]-?: Infer<F[K]> } & {
                      [K in keyof F as K extends R ? never : K]?: Infer<F[K]>;
                    }
                  >
                : never;
