/** Exit codes of every algoreg command. */
export const EXIT = {
  ok: 0,
  /** the input was read but does not conform (a SHACL Violation) */
  violation: 1,
  /** the input could not be read or parsed, or the command line is wrong */
  badInput: 2,
} as const;
