/** Documented caps that keep every analysis bounded in time and memory. */
export const LIMITS = {
  /**
   * Characters of one output representation that are analysed. Past this the rest is skipped and
   * a notice says so: a 50 MB log must not freeze an editor. 2 M chars covers any table a person reads.
   */
  maxOutputChars: 2_000_000,
  /** Characters of one cell source that are analysed (a 1 MB cell is already pathological). */
  maxCellChars: 1_000_000,
  /** Largest file the CLI reads, in bytes. */
  maxFileBytes: 256 * 1024 * 1024,
} as const;
