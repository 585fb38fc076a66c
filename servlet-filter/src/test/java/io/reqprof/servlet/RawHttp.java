package io.reqprof.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends a request target exactly as given, byte for byte: HTTP client libraries normalize or
 * re-encode hostile paths, which is the very thing these tests must not let happen.
 */
final class RawHttp {
    private RawHttp() {
    }

    /** The status code of {@code GET target}, or -1 when the server closed without a status line. */
    static int get(int port, byte[] target) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("GET ".getBytes(StandardCharsets.US_ASCII));
            out.write(target);
            out.write(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) >= 0 && b != '\n'; ) line.write(b);
            String status = line.toString(StandardCharsets.ISO_8859_1);
            in.transferTo(OutputStream.nullOutputStream());
            String[] parts = status.split(" ");
            return parts.length >= 2 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
        }
    }

    static int get(int port, String target) throws IOException {
        return get(port, target.getBytes(StandardCharsets.UTF_8));
    }
}
