package io.reqprof.collector.pprof;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Profiles merged into a call tree keyed by function name (root first), with each node's own
 * ("self") values per column. One tree serves the flame graph, the top table, the diff and the
 * merged pprof download. Columns are those of the first profile added; later profiles contribute
 * to the columns they share with it (same type and unit), so CPU profiles from different agents
 * merge. A tree may share a node budget with others ({@link #StackTree(List, AtomicInteger)}): once
 * it is spent, a sample that would need new nodes goes whole to one node under the root named
 * {@value #OVER_BUDGET}, so every value is still counted. Not thread-safe (the budget is).
 */
public final class StackTree {
    /**
     * A call-tree node: about 100 bytes of heap for a leaf, what a merge's node budget counts. Most
     * nodes have no child or one, so children are held as nothing, the one node, or a map.
     */
    public static final class Node {
        final String name;
        final Node parent;
        /** null, the only child, or a {@code HashMap<String, Node>} of two or more. */
        private Object children;
        /** Self values, then total values: one per column each. */
        private final long[] values;

        Node(String name, Node parent, int columns) {
            this.name = name;
            this.parent = parent;
            this.values = new long[2 * columns];
        }

        /** Function name ({@code all} for the root). */
        public String name() {
            return name;
        }

        /** Children by name, unordered; read-only. */
        @SuppressWarnings("unchecked")
        public Map<String, Node> children() {
            if (children == null) return Map.of();
            if (children instanceof Node only) return Map.of(only.name, only);
            return java.util.Collections.unmodifiableMap((Map<String, Node>) children);
        }

        @SuppressWarnings("unchecked")
        Node child(String childName) {
            if (children == null) return null;
            if (children instanceof Node only) return only.name.equals(childName) ? only : null;
            return ((Map<String, Node>) children).get(childName);
        }

        @SuppressWarnings("unchecked")
        Node addChild(String childName) {
            Node n = new Node(childName, this, values.length / 2);
            if (children == null) {
                children = n;
            } else if (children instanceof Node only) {
                Map<String, Node> m = new HashMap<>(4);
                m.put(only.name, only);
                m.put(childName, n);
                children = m;
            } else {
                ((Map<String, Node>) children).put(childName, n);
            }
            return n;
        }

        /** Value in column {@code c} of samples whose innermost frame is this node. */
        public long self(int c) {
            return values[c];
        }

        /** Value in column {@code c} of samples passing through this node. */
        public long total(int c) {
            return values[values.length / 2 + c];
        }

        void addTotal(long[] v) {
            int half = values.length / 2;
            for (int c = 0; c < v.length; c++) values[half + c] += v[c];
        }

        void addSelf(long[] v) {
            for (int c = 0; c < v.length; c++) values[c] += v[c];
        }

        /** Adds {@code other}'s self and total values, column by column. */
        void addValues(Node other) {
            for (int i = 0; i < values.length; i++) values[i] += other.values[i];
        }
    }

    /** The node that holds the samples that reached a spent node budget. */
    public static final String OVER_BUDGET = "[stacks beyond the merge's node budget]";

    private List<ValueType> columns;
    private Node root;
    private int profiles;
    private final AtomicInteger nodesLeft;
    private boolean overBudget;

    /** An empty tree without a node budget; its columns are those of the first profile added. */
    public StackTree() {
        this.nodesLeft = null;
    }

    /** An empty tree with fixed columns and no node budget. */
    public StackTree(List<ValueType> columns) {
        this(columns, null);
    }

    /**
     * An empty tree that creates nodes only while {@code nodesLeft} is positive, taking one from it
     * for each; columns fixed when given, else those of the first profile added.
     */
    public StackTree(List<ValueType> columns, AtomicInteger nodesLeft) {
        this.nodesLeft = nodesLeft;
        if (columns != null && !columns.isEmpty()) init(columns);
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
        if (nodesLeft != null && !reserve(newNodes(leafFirst))) {
            addOverBudget(values);
            return;
        }
        Node n = root;
        n.addTotal(values);
        for (int i = leafFirst.length - 1; i >= 0; i--) {
            Node child = n.child(leafFirst[i]);
            n = child != null ? child : n.addChild(leafFirst[i]);
            n.addTotal(values);
        }
        n.addSelf(values);
    }

    /** How many nodes adding {@code leafFirst} would create. */
    private int newNodes(String[] leafFirst) {
        Node n = root;
        for (int i = leafFirst.length - 1; i >= 0; i--) {
            n = n.child(leafFirst[i]);
            if (n == null) return i + 1;
        }
        return 0;
    }

    private boolean reserve(int nodes) {
        if (nodes == 0) return true;
        for (int left; (left = nodesLeft.get()) >= nodes; ) {
            if (nodesLeft.compareAndSet(left, left - nodes)) return true;
        }
        return false;
    }

    private void addOverBudget(long[] values) {
        overBudget = true;
        Node n = root.child(OVER_BUDGET);
        if (n == null) n = root.addChild(OVER_BUDGET);
        root.addTotal(values);
        n.addTotal(values);
        n.addSelf(values);
    }

    /** Whether a sample went to {@value #OVER_BUDGET}, here or in a tree folded in. */
    public boolean overBudget() {
        return overBudget;
    }

    /**
     * Adds every node of {@code other}, which must have this tree's columns (a partial tree built
     * with {@link #StackTree(List)} from them), and counts its profiles.
     *
     * @throws IllegalArgumentException when the columns differ
     */
    public void addTree(StackTree other) {
        if (other.root == null) return;
        if (columns == null) init(other.columns);
        if (!columns.equals(other.columns)) throw new IllegalArgumentException("columns differ: " + columns + " vs " + other.columns);
        fold(root, other.root);
        profiles += other.profiles;
        overBudget |= other.overBudget;
    }

    /** Adds {@code from}'s subtree into {@code into}'s; iterative, as stacks can be deeper than the thread's stack. */
    private static void fold(Node into, Node from) {
        Deque<Node[]> todo = new ArrayDeque<>();
        todo.push(new Node[] {into, from});
        while (!todo.isEmpty()) {
            Node[] pair = todo.pop();
            pair[0].addValues(pair[1]);
            for (Node child : pair[1].children().values()) {
                Node mine = pair[0].child(child.name);
                todo.push(new Node[] {mine != null ? mine : pair[0].addChild(child.name), child});
            }
        }
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
            List<Node> kids = new ArrayList<>(n.children().values());
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
        for (Node x = n; x != null && x.parent != null; x = x.parent) path.add(x.name);
        java.util.Collections.reverse(path);
        return path;
    }
}
