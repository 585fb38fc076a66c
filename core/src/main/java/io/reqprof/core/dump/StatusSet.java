package io.reqprof.core.dump;

import java.util.List;
import java.util.Locale;

/** HTTP statuses as written in settings: classes such as {@code 5xx} and exact codes such as {@code 404}. */
final class StatusSet {
    private final List<String> items;
    private final boolean[] accepted = new boolean[600];

    private StatusSet(List<String> items) {
        this.items = List.copyOf(items);
    }

    static StatusSet parse(List<String> items) {
        StatusSet s = new StatusSet(items);
        for (String raw : items) {
            String item = raw.trim().toLowerCase(Locale.ROOT);
            if (item.matches("[0-5]xx")) {
                int base = (item.charAt(0) - '0') * 100;
                for (int i = base; i < base + 100; i++) s.accepted[i] = true;
            } else if (item.matches("[0-5]\\d\\d") || item.equals("0")) {
                s.accepted[Integer.parseInt(item)] = true;
            } else {
                throw new IllegalArgumentException("reqprof.status: each item must be a class such as 5xx or a code such as 404"
                        + " (0 means no status, the client went away), was '" + raw + "'");
            }
        }
        return s;
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    boolean contains(int status) {
        return status >= 0 && status < accepted.length && accepted[status];
    }

    @Override
    public String toString() {
        return String.join(",", items);
    }
}
