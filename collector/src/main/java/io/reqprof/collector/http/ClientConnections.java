package io.reqprof.collector.http;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Keeps one client from holding the HTTP server. Past {@code perClient} open connections from one
 * address, a new one first displaces that client's oldest connection that sits between requests
 * (clients that open a connection per request and never close them are common); when every one
 * is inside a request, the new connection is closed instead. A connection that has not sent one
 * whole request head within {@code headerDeadline} is closed even while it trickles bytes, which
 * the idle timeout alone would allow for hours.
 */
final class ClientConnections implements Connection.Listener {
    private static final Logger LOG = Logger.getLogger(ClientConnections.class.getName());

    private final int perClient;
    private final long headerDeadlineMillis;
    private final Scheduler timer;
    private final ConcurrentHashMap<InetAddress, Deque<Connection>> open = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetAddress, Boolean> warned = new ConcurrentHashMap<>();
    /** Connections that have sent at least one whole request head (Jetty counts a request only once answered). */
    private final java.util.Set<Connection> headSeen = ConcurrentHashMap.newKeySet();

    ClientConnections(int perClient, long headerDeadlineMillis, Scheduler timer) {
        this.perClient = perClient;
        this.headerDeadlineMillis = headerDeadlineMillis;
        this.timer = timer;
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress client = client(connection);
        if (client == null) return;
        Deque<Connection> mine = open.computeIfAbsent(client, k -> new ConcurrentLinkedDeque<>());
        mine.addLast(connection);
        if (mine.size() > perClient && !closeOldestBetweenRequests(mine, connection)) {
            if (warned.putIfAbsent(client, Boolean.TRUE) == null) {
                LOG.warning("reqprof collector: " + client.getHostAddress() + " holds " + perClient
                        + " HTTP connections inside requests; further ones are closed (reported once per client)");
            }
            connection.close();
            return;
        }
        timer.schedule(() -> {
            if (!headSeen.contains(connection) && connection.getEndPoint().isOpen()) connection.close();
        }, headerDeadlineMillis, TimeUnit.MILLISECONDS);
    }

    private static boolean closeOldestBetweenRequests(Deque<Connection> mine, Connection newest) {
        for (Connection c : mine) {
            if (c != newest && c.getMessagesIn() > 0 && c.getMessagesIn() == c.getMessagesOut()) {
                c.close();
                return true;
            }
        }
        return false;
    }

    /** Called as a request head arrives on {@code connection}: the request-head deadline no longer applies. */
    void headReceived(Connection connection) {
        if (connection.getEndPoint().isOpen()) headSeen.add(connection);
    }

    @Override
    public void onClosed(Connection connection) {
        headSeen.remove(connection);
        InetAddress client = client(connection);
        if (client == null) return;
        Deque<Connection> mine = open.get(client);
        if (mine == null) return;
        mine.remove(connection);
        if (mine.isEmpty()) open.remove(client, mine);
    }

    private static InetAddress client(Connection connection) {
        SocketAddress a = connection.getEndPoint().getRemoteSocketAddress();
        return a instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
