package io.reqprof.core.format;

import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.Sample;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.profile.StackTrace;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;

/**
 * Samples of one type merged into a tree rooted at a synthetic {@code all} node, children keyed
 * by function name: the shape a flame graph draws. Stacks that differ in line numbers merge.
 */
final class CallTree {
    static final class Node {
        final String name;
        long total;
        // sorted so that the same profile always renders the same page
        final Map<String, Node> children = new TreeMap<>();

        Node(String name) {
            this.name = name;
        }
    }

    /** Visits nodes in pre-order with their depth (the root has depth 0). */
    interface Visitor {
        void visit(Node node, int depth);
    }

    private record Pending(Node node, int depth) { }

    final Node root = new Node("all");

    static CallTree of(Profile p, SampleType type) {
        CallTree tree = new CallTree();
        for (Sample s : p.samples(type)) tree.add(s.stack(), s.count());
        return tree;
    }

    private void add(StackTrace stack, long count) {
        Node node = root;
        root.total += count;
        for (int i = stack.depth() - 1; i >= 0; i--) {
            node = node.children.computeIfAbsent(Names.of(stack.frame(i)), Node::new);
            node.total += count;
        }
    }

    /** Pre-order walk without recursion: JVM stacks can be thousands of frames deep. */
    void walk(Visitor visitor) {
        Deque<Pending> pending = new ArrayDeque<>();
        pending.push(new Pending(root, 0));
        while (!pending.isEmpty()) {
            Pending next = pending.pop();
            visitor.visit(next.node(), next.depth());
            // pushed in reverse so that they pop in name order
            Node[] children = next.node().children.values().toArray(new Node[0]);
            for (int i = children.length - 1; i >= 0; i--) pending.push(new Pending(children[i], next.depth() + 1));
        }
    }
}
