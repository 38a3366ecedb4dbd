import AjvDraft04 from "ajv-draft-04";
import { join } from "node:path";
import { read, ROOT } from "../helpers.js";

/**
 * The SARIF 2.1.0 JSON schema (draft-04, vendored: test/schemas/README.md). Its language-tag
 * pattern is not a valid Unicode-mode regular expression, hence unicodeRegExp: false.
 */
export const validateSarif = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false }).compile(
  JSON.parse(read(join(ROOT, "test", "schemas", "sarif-2.1.0-rtm.5.json"))),
);
