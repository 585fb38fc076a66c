package io.reqprof.collector.pprof;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Profiles merged into a call tree keyed by function name (root first), with each node's own
 * ("self") values per column. One tree serves the flame graph, the top table, the diff and the
 * merged pprof download. Columns are those of the first profile added; later profiles contribute
 * to the columns they share with it (same type and unit), so CPU profiles from different agents
 * merge. Not thread-safe.
 */
public final class StackTree {
    /** A call-tree node. {@code self} and {@code total} have one entry per column. */
    public static final class Node {
        final String name;
        final Node parent;
        final Map<String, Node> children = new HashMap<>(4);
        final long[] self;
        final long[] total;

        Node(String name, Node parent, int columns) {
            this.name = name;
            this.parent = parent;
            this.self = new long[columns];
            this.total = new long[columns];
        }

        /** Function name ({@code all} for the root). */
        public String name() {
            return name;
        }

        /** Children by name, unordered. */
        public Map<String, Node> children() {
            return children;
        }

        /** Value in column {@code c} of samples whose innermost frame is this node. */
        public long self(int c) {
            return self[c];
        }

        /** Value in column {@code c} of samples passing through this node. */
        public long total(int c) {
            return total[c];
        }
    }

    private List<ValueType> columns;
    private Node root;
    private int profiles;

    /** An empty tree; its columns are those of the first profile added. */
    public StackTree() {
    }

    /** An empty tree with fixed columns. */
    public StackTree(List<ValueType> columns) {
        init(columns);
    }

    private void init(List<ValueType> columns) {
        this.columns = List.copyOf(columns);
        this.root = new Node("all", null, columns.size());
    }

    /** Adds every sample of {@code p}; returns false (adding nothing) when it shares no column with the tree. */
    public boolean add(PprofProfile p) {
        if (columns == null) init(p.columns());
        int[] map = new int[p.columns().size()];
        boolean any = false;
        for (int i = 0; i < map.length; i++) {
            map[i] = columns.indexOf(p.columns().get(i));
            any |= map[i] >= 0;
        }
        if (!any) return false;
        long[] values = new long[columns.size()];
        for (PprofProfile.Sample s : p.samples()) {
            java.util.Arrays.fill(values, 0);
            for (int i = 0; i < map.length; i++) if (map[i] >= 0) values[map[i]] += s.values()[i];
            add(s.leafFirst(), values);
        }
        profiles++;
        return true;
    }

    /** Adds one sample: function names innermost first, one value per column of this tree. */
    public void add(String[] leafFirst, long[] values) {
        Node n = root;
        for (int c = 0; c < values.length; c++) n.total[c] += values[c];
        for (int i = leafFirst.length - 1; i >= 0; i--) {
            String name = leafFirst[i];
            Node parent = n;
            Node child = parent.children.get(name);
            if (child == null) {
                child = new Node(name, parent, values.length);
                parent.children.put(name, child);
            }
            n = child;
            for (int c = 0; c < values.length; c++) n.total[c] += values[c];
        }
        for (int c = 0; c < values.length; c++) n.self[c] += values[c];
    }

    /** The columns, or an empty list before the first profile. */
    public List<ValueType> columns() {
        return columns == null ? List.of() : columns;
    }

    /** The synthetic root, or null before the first profile. */
    public Node root() {
        return root;
    }

    /** How many profiles were merged. */
    public int profiles() {
        return profiles;
    }

    /**
     * The column to show by default, or for a requested type name: {@code cpu}, {@code wall},
     * {@code delay}, ... The value column of count/value pairs is preferred over its count.
     *
     * @return the column index, or -1 when {@code type} names no column
     */
    public int column(String type) {
        List<ValueType> cols = columns();
        if (type != null && !type.isEmpty()) {
            for (int i = 0; i < cols.size(); i++) if (cols.get(i).type().equals(type)) return i;
            return -1;
        }
        for (int i = cols.size() - 1; i >= 0; i--) if (!cols.get(i).unit().equals("count")) return i;
        return cols.isEmpty() ? -1 : cols.size() - 1;
    }

    /** Visits nodes in pre-order with their depth, children in name order; iterative (stacks can be deep). */
    public void walk(Visitor visitor) {
        if (root == null) return;
        Deque<Object[]> todo = new ArrayDeque<>();
        todo.push(new Object[] {root, 0});
        while (!todo.isEmpty()) {
            Object[] next = todo.pop();
            Node n = (Node) next[0];
            int depth = (Integer) next[1];
            visitor.visit(n, depth);
            List<Node> kids = new ArrayList<>(n.children.values());
            kids.sort((a, b) -> b.name.compareTo(a.name));
            for (Node k : kids) todo.push(new Object[] {k, depth + 1});
        }
    }

    /** Receives nodes from {@link #walk}. */
    public interface Visitor {
        /** Called once per node, parents before children. */
        void visit(Node node, int depth);
    }

    /** The path from the root's child down to {@code n}, root side first. */
    public static List<String> path(Node n) {
        List<String> path = new ArrayList<>();
        for (Node x = n; x != null && x.parent != null; x = x.parent) path.add(0, x.name);
        return path;
    }
}
