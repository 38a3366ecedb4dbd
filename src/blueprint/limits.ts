/**
 * More keys and values than any blueprint has (a big one lists a few thousand packages). Each
 * unknown key costs a finding and a coverage row (~10 KiB); 800,000 of them ran out of memory
 * inside the 32 MiB input cap, so past this the input is refused with its position.
 */
export const MAX_BLUEPRINT_VALUES = 10_000;

/** No blueprint nests arrays or tables this deep; 8000 levels would overflow the stack of every walker. */
export const MAX_NESTING = 64;
