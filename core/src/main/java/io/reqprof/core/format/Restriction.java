package io.reqprof.core.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A filter on the rows of a {@link TextSummary}, like the arguments of Python's
 * {@code pstats.Stats.print_stats}: restrictions apply in the order given, each to the rows
 * the previous one left, so {@code matching("Dao"), limit(5)} and {@code limit(5), matching("Dao")}
 * differ.
 */
public final class Restriction {
    private final String description;
    private final UnaryOperator<List<FunctionStats.Row>> filter;

    private Restriction(String description, UnaryOperator<List<FunctionStats.Row>> filter) {
        this.description = description;
        this.filter = filter;
    }

    /** Keeps the first {@code rows} rows. */
    public static Restriction limit(int rows) {
        String description = "limit(" + rows + ")";
        if (rows < 0) throw new IllegalArgumentException(description + ": the row limit must be >= 0");
        return new Restriction(description, in -> in.subList(0, Math.min(rows, in.size())));
    }

    /** Keeps that fraction of the rows, rounded to the nearest row as pstats does. */
    public static Restriction fraction(double fraction) {
        String description = "fraction(" + fraction + ")";
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException(description + ": the fraction must be > 0 and <= 1");
        }
        return new Restriction(description, in -> in.subList(0, (int) (in.size() * fraction + 0.5)));
    }

    /** Keeps rows whose function name contains a match of {@code regex} (anywhere, as {@code re.search}). */
    public static Restriction matching(String regex) {
        String description = "matching(\"" + regex + "\")";
        if (regex == null) throw new IllegalArgumentException(description + ": the regular expression must not be null");
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(description + ": not a valid regular expression: " + e.getDescription(), e);
        }
        return new Restriction(description, in -> {
            List<FunctionStats.Row> out = new ArrayList<>();
            for (FunctionStats.Row r : in) if (pattern.matcher(r.name()).find()) out.add(r);
            return out;
        });
    }

    List<FunctionStats.Row> apply(List<FunctionStats.Row> rows) {
        return Objects.requireNonNull(filter.apply(rows));
    }

    /** The restriction as written, e.g. {@code limit(10)}. */
    @Override
    public String toString() {
        return description;
    }
}
