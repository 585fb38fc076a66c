package io.reqprof.core.format;

/** Order of the rows of a {@link TextSummary}; ties are broken by the other counts, then by name. */
public enum SortKey {
    /** Most samples with the function as leaf first. */
    SELF,
    /** Most samples with the function anywhere on the stack first. */
    TOTAL,
    /** Alphabetical by function name. */
    NAME
}
