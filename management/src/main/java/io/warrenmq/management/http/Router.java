package io.warrenmq.management.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API's routes: a {@link PathTemplate} and a handler per method.
 *
 * <p>Where two templates match one path, the one with a literal segment where the other has a
 * variable wins at the first difference ({@code /api/users/without-permissions} before
 * {@code /api/users/{user}}), as RabbitMQ's dispatch table lists the literal routes first. A path
 * that matches a template but not its method is 405; one that matches none is 404. HEAD is GET.
 */
public final class Router {
    /** The methods the API uses. */
    public enum Verb { GET, PUT, POST, DELETE }

    private final Map<String, Entry> byTemplate = new LinkedHashMap<>();

    private static final class Entry {
        final PathTemplate template;
        final Map<Verb, Handler> handlers = new EnumMap<>(Verb.class);

        Entry(PathTemplate template) {
            this.template = template;
        }
    }

    /** A resolved request: the handler and the variables of its template. */
    public record Match(Handler handler, PathTemplate template, Map<String, String> variables) {
    }

    public Router get(String path, Handler handler) {
        return add(Verb.GET, path, handler);
    }

    public Router put(String path, Handler handler) {
        return add(Verb.PUT, path, handler);
    }

    public Router post(String path, Handler handler) {
        return add(Verb.POST, path, handler);
    }

    public Router delete(String path, Handler handler) {
        return add(Verb.DELETE, path, handler);
    }

    public synchronized Router add(Verb verb, String path, Handler handler) {
        Entry e = byTemplate.computeIfAbsent(path, p -> new Entry(new PathTemplate(p)));
        if (e.handlers.put(verb, handler) != null) {
            throw new IllegalStateException("two handlers for " + verb + " " + path);
        }
        return this;
    }

    /** The templates registered so far (for the README's endpoint table and tests). */
    public synchronized List<String> templates() {
        return new ArrayList<>(byTemplate.keySet());
    }

    /**
     * The handler for {@code method} on the decoded {@code segments}.
     *
     * @throws ApiException 404 when no template matches, 405 when one matches without that method
     */
    public Match resolve(HttpMethod method, List<String> segments) {
        Entry best = null;
        Map<String, String> bestVars = null;
        for (Entry e : entries()) {
            Map<String, String> vars = e.template.match(segments);
            if (vars != null && (best == null || moreSpecific(e.template, best.template))) {
                best = e;
                bestVars = vars;
            }
        }
        if (best == null) {
            throw ApiException.notFound();
        }
        Verb verb = verb(method);
        Handler h = verb == null ? null : best.handlers.get(verb);
        if (h == null) {
            throw ApiException.methodNotAllowed();
        }
        return new Match(h, best.template, bestVars);
    }

    private synchronized Entry[] entries() {
        return byTemplate.values().toArray(Entry[]::new); // a few dozen routes; resolution is not hot
    }

    private static boolean moreSpecific(PathTemplate a, PathTemplate b) {
        for (int i = 0; i < a.length(); i++) {
            boolean av = a.isVariable(i);
            boolean bv = b.isVariable(i);
            if (av != bv) {
                return !av;
            }
        }
        return false;
    }

    private static Verb verb(HttpMethod m) {
        if (m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD)) {
            return Verb.GET;
        }
        if (m.equals(HttpMethod.PUT)) {
            return Verb.PUT;
        }
        if (m.equals(HttpMethod.POST)) {
            return Verb.POST;
        }
        if (m.equals(HttpMethod.DELETE)) {
            return Verb.DELETE;
        }
        return null;
    }
}
