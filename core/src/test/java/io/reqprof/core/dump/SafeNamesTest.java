package io.reqprof.core.dump;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeNamesTest {

    @Test
    void pathsBecomeDottedNamesTheWerkzeugWay() {
        assertEquals("api.users.7", SafeNames.path("/api/users/7"));
        assertEquals("root", SafeNames.path("/"));
        assertEquals("root", SafeNames.path(""));
        assertEquals("api.x", SafeNames.path("/api/x?secret=1"), "the query string is not part of the name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../../etc/passwd", "/%2e%2e/%2e%2e/x", "/..\\..\\windows", "/a\u0000b", "//", "/./.",
            "/\u00e9t\u00e9/\u65e5\u672c", "/..", "..", ".hidden", "/a/../../b", "\\\\server\\share"})
    void hostilePathsGiveOneSafeComponent(String path) {
        String name = SafeNames.path(path);
        assertTrue(name.matches("[A-Za-z0-9._~-]+"), name);
        assertFalse(name.startsWith("."), name);
        assertFalse(name.equals("..") || name.equals("."), name);
    }

    @Test
    void longPathsAreCutAndStayDistinct() {
        String a = SafeNames.path("/" + "a".repeat(5000) + "/1");
        String b = SafeNames.path("/" + "a".repeat(5000) + "/2");
        assertTrue(a.length() <= SafeNames.MAX_PART, "length " + a.length());
        assertNotEquals(a, b, "a hash of the whole path keeps long paths apart");
    }

    @Test
    void fileNamesFromCallbacksAreFlattened() {
        assertEquals("___.._etc_passwd", SafeNames.fileName("../../etc/passwd"));
        String medium = SafeNames.fileName("GET." + "y".repeat(120) + ".1ms.1700000000.1f.pb.gz");
        assertTrue(medium.endsWith(".1f.pb.gz") && medium.length() > SafeNames.MAX_PART, "a name up to MAX_NAME is kept whole: " + medium);
        String longName = SafeNames.fileName("x".repeat(1000) + ".pb.gz");
        assertTrue(longName.length() <= SafeNames.MAX_NAME, "length " + longName.length());
        assertTrue(longName.endsWith(".pb.gz"), "the extension survives: " + longName);
    }
}
