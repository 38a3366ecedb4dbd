/**
 * A line of whitespace-separated config columns (tmpfiles.d, sysusers.d): "-" fills an empty
 * column, and a value with whitespace or a quote is quoted, as both formats read it.
 */
export const configColumns = (fields: string[]): string => fields.map((f) => (f === "" ? "-" : /[\s"]/.test(f) ? JSON.stringify(f) : f)).join(" ");
