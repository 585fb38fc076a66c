package io.reqprof.core.profile;

import java.util.Objects;

/**
 * One stack frame. For JVM frames {@code className} is the binary class name with dots
 * ({@code com.example.Service}) and {@code line} the source line, or 0 when unknown; for native,
 * VM and kernel frames {@code className} is empty and {@code methodName} is the symbol.
 * JFR records carry no source file names, so {@code fileName} is empty unless a source supplies it.
 */
public record Frame(String className, String methodName, String fileName, int line, FrameType type) {

    public Frame {
        className = className == null ? "" : className;
        methodName = methodName == null ? "" : methodName;
        fileName = fileName == null ? "" : fileName;
        Objects.requireNonNull(type, "type");
    }

    /** A JVM frame. */
    public static Frame java(String className, String methodName, int line) {
        return new Frame(className, methodName, "", line, FrameType.JAVA);
    }

    /**
     * A JVM class name as profiles show it: dots instead of slashes, and the per-run address of
     * hidden classes removed ({@code Foo$$Lambda$40/0x0000000800c0b448} and
     * {@code Foo$$Lambda$40.0x00007f0d0c01e438} become {@code Foo$$Lambda}), so that the same code
     * merges across runs and JVMs.
     */
    public static String jvmClassName(String raw) {
        if (raw == null) return "";
        String name = raw.replace('/', '.');
        int lambda = name.indexOf("$$Lambda");
        if (lambda >= 0) return name.substring(0, lambda + "$$Lambda".length());
        int hidden = name.indexOf(".0x");
        return hidden > 0 ? name.substring(0, hidden) : name;
    }

    /** A native, VM or kernel frame named by its symbol. */
    public static Frame symbol(String symbol, FrameType type) {
        return new Frame("", symbol, "", 0, type);
    }

    /**
     * The function name as profilers print it: {@code com.example.Service.handle} for JVM frames,
     * the bare symbol otherwise. Line numbers are not part of it, so all lines of a method merge.
     */
    public String functionName() {
        return className.isEmpty() ? methodName : className + "." + methodName;
    }

    @Override
    public String toString() {
        return line > 0 ? functionName() + ":" + line : functionName();
    }
}
