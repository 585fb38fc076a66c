package io.reqprof.collector.http;

import io.reqprof.collector.pprof.StackTree;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A merged tree as the UI's flame graph reads it: a name table and pre-order
 * {@code (name index, total, depth)} triples, the layout core's {@code HtmlFlameGraph} uses; for a
 * diff {@code (name index, total A, total B, depth)} quadruples. Frames below 1/20000 of the
 * whole are left out (invisible at any screen width, and they can be most of a big tree). Also
 * the top table: per function, self and total (counted once per stack, even when recursive).
 */
final class FlameJson {
    private static final long MIN_SHARE = 20_000;

    private FlameJson() {
    }

    static Map<String, Object> flame(StackTree tree, int column) {
        Map<String, Integer> index = new HashMap<>();
        List<String> names = new ArrayList<>();
        List<Long> nodes = new ArrayList<>();
        if (tree.root() != null) {
            long min = Math.abs(tree.root().total(column)) / MIN_SHARE;
            walk(tree.root(), (n, depth) -> {
                if (depth > 0 && Math.abs(n.total(column)) <= min) return false;
                nodes.add((long) intern(index, names, n.name()));
                nodes.add(n.total(column));
                nodes.add((long) depth);
                return true;
            });
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("names", names);
        m.put("nodes", nodes);
        return m;
    }

    /** Both trees' nodes by path, each with A's and B's total in their columns. */
    static Map<String, Object> diff(StackTree a, int ca, StackTree b, int cb) {
        Map<String, Integer> index = new HashMap<>();
        List<String> names = new ArrayList<>();
        List<Long> nodes = new ArrayList<>();
        long totalA = a.root() == null ? 0 : a.root().total(ca);
        long totalB = b.root() == null ? 0 : b.root().total(cb);
        Deque<Object[]> todo = new ArrayDeque<>();
        todo.push(new Object[] {a.root(), b.root(), "all", 0});
        while (!todo.isEmpty()) {
            Object[] x = todo.pop();
            StackTree.Node na = (StackTree.Node) x[0];
            StackTree.Node nb = (StackTree.Node) x[1];
            int depth = (Integer) x[3];
            long va = na == null ? 0 : na.total(ca);
            long vb = nb == null ? 0 : nb.total(cb);
            // kept when visible on either side
            if (depth > 0 && va * MIN_SHARE <= totalA && vb * MIN_SHARE <= totalB) continue;
            nodes.add((long) intern(index, names, (String) x[2]));
            nodes.add(va);
            nodes.add(vb);
            nodes.add((long) depth);
            TreeMap<String, StackTree.Node[]> kids = new TreeMap<>(Comparator.reverseOrder());
            if (na != null) na.children().forEach((k, v) -> kids.computeIfAbsent(k, z -> new StackTree.Node[2])[0] = v);
            if (nb != null) nb.children().forEach((k, v) -> kids.computeIfAbsent(k, z -> new StackTree.Node[2])[1] = v);
            kids.forEach((k, pair) -> todo.push(new Object[] {pair[0], pair[1], k, depth + 1}));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("names", names);
        m.put("nodes", nodes);
        m.put("total_a", totalA);
        m.put("total_b", totalB);
        return m;
    }

    /** Top {@code limit} functions by self value, with total. */
    static List<Map<String, Object>> top(StackTree tree, int column, int limit) {
        Map<String, long[]> stats = new HashMap<>();
        if (tree.root() != null) {
            List<String> path = new ArrayList<>();
            Map<String, Integer> onPath = new HashMap<>();
            walk(tree.root(), (n, depth) -> {
                while (path.size() > Math.max(depth - 1, 0)) onPath.merge(path.remove(path.size() - 1), -1, Integer::sum);
                if (depth == 0) return true;
                long[] s = stats.computeIfAbsent(n.name(), k -> new long[2]);
                s[0] += n.self(column);
                // a recursive function is counted at its outermost frame only
                if (onPath.getOrDefault(n.name(), 0) == 0) s[1] += n.total(column);
                path.add(n.name());
                onPath.merge(n.name(), 1, Integer::sum);
                return true;
            });
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        stats.entrySet().stream()
                .sorted((x, y) -> x.getValue()[0] != y.getValue()[0] ? Long.compare(y.getValue()[0], x.getValue()[0])
                        : Long.compare(y.getValue()[1], x.getValue()[1]))
                .limit(limit)
                .forEach(e -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("name", e.getKey());
                    r.put("self", e.getValue()[0]);
                    r.put("total", e.getValue()[1]);
                    rows.add(r);
                });
        return rows;
    }

    private interface Visit {
        /** Returns false to skip the node's children. */
        boolean visit(StackTree.Node n, int depth);
    }

    /** Pre-order, children by name, iterative. */
    private static void walk(StackTree.Node root, Visit v) {
        Deque<Object[]> todo = new ArrayDeque<>();
        todo.push(new Object[] {root, 0});
        while (!todo.isEmpty()) {
            Object[] x = todo.pop();
            StackTree.Node n = (StackTree.Node) x[0];
            int depth = (Integer) x[1];
            if (!v.visit(n, depth)) continue;
            List<StackTree.Node> kids = new ArrayList<>(n.children().values());
            kids.sort((p, q) -> q.name().compareTo(p.name()));
            for (StackTree.Node k : kids) todo.push(new Object[] {k, depth + 1});
        }
    }

    private static int intern(Map<String, Integer> index, List<String> names, String name) {
        return index.computeIfAbsent(name, k -> {
            names.add(k);
            return names.size() - 1;
        });
    }
}
