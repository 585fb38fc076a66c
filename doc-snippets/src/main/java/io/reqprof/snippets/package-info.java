/**
 * The Java snippets of the documentation, as code the build compiles. Each file holds one snippet
 * between {@code // snippet:begin NAME} and {@code // snippet:end}; its imports are exactly the ones
 * the snippet needs (scaffolding around the region uses fully qualified names), and the
 * documentation shows them above the region. {@code SnippetsInDocsTest} checks that every Java block
 * in the docs is marked {@code <!-- snippet: NAME -->} and is a copy of its file.
 */
package io.reqprof.snippets;
