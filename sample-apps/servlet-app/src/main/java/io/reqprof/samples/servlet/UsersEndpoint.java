package io.reqprof.samples.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code /api/users/{id}} (servlet mapping {@code /api/users/*}): a small JSON document. */
final class UsersEndpoint extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String info = req.getPathInfo();
        String id = info == null ? "" : info.substring(1);
        if (!id.matches("\\d{1,9}")) {
            resp.sendError(404, "no such user");
            return;
        }
        resp.setContentType("application/json");
        resp.getWriter().write("{\"id\":" + id + ",\"name\":\"user-" + id + "\"}\n");
    }
}
