package io.reqprof.agent.upload.otlp;

import io.reqprof.core.continuous.ProfileType;
import io.reqprof.core.continuous.WindowAggregator;
import io.reqprof.core.internal.proto.ProtoWriter;
import io.reqprof.core.profile.Frame;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.Sample;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.profile.StackTrace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Encodes one profile as an OTLP {@code ExportProfilesServiceRequest} of opentelemetry-proto
 * 1.10.0-alpha ({@code opentelemetry.proto.collector.profiles.v1development}).
 *
 * <p>Layout: one {@code ResourceProfiles} (resource attributes {@code service.name},
 * {@code service.version}, {@code service.instance.id} and the user's labels), one
 * {@code ScopeProfiles} (scope {@code reqprof}), one {@code Profile} whose single {@code sample_type}
 * is our type's value column ({@code cpu/nanoseconds}, {@code wall/nanoseconds},
 * {@code alloc_space/bytes}, {@code delay/nanoseconds}) and whose {@code period_type} is the same.
 * Everything shared lives in the request's {@code ProfilesDictionary}: every table starts with its
 * zero entry, as the schema requires; a sample points at a {@code Stack} (locations leaf first), each
 * location has one {@code Line} of a {@code Function}; a sample's route is the attribute
 * {@code http.route} (the semantic-convention name for a route template).
 */
public final class OtlpEncoder {
    /** Sample attribute carrying the request route. */
    public static final String ROUTE_ATTRIBUTE = "http.route";

    private final List<String> strings = new ArrayList<>();
    private final Map<String, Integer> stringIndex = new HashMap<>();
    private final Map<Frame, Integer> functions = new LinkedHashMap<>();
    private final Map<Frame, Integer> locations = new LinkedHashMap<>();
    private final Map<StackTrace, Integer> stacks = new LinkedHashMap<>();
    private final Map<String, Integer> routeAttributes = new LinkedHashMap<>();
    private final List<byte[]> locationBytes = new ArrayList<>();
    private final List<byte[]> functionBytes = new ArrayList<>();
    private final List<byte[]> attributeBytes = new ArrayList<>();
    private final List<byte[]> stackBytes = new ArrayList<>();

    private OtlpEncoder() {
        str("");
    }

    /** The serialized request. */
    public static byte[] encode(ProfileType type, Profile profile, Map<String, String> resource) {
        return new OtlpEncoder().write(type, profile, resource);
    }

    private byte[] write(ProfileType type, Profile profile, Map<String, String> resource) {
        SampleType t = type.sampleType();
        ProtoWriter valueType = new ProtoWriter().int64(1, str(t.valueName())).int64(2, str(t.valueUnit()));
        ProtoWriter p = new ProtoWriter().message(1, valueType);
        for (Sample s : profile.samples(t)) {
            ProtoWriter sample = new ProtoWriter().int64(1, stack(s.stack()));
            String route = s.labels().get(WindowAggregator.ROUTE_LABEL);
            if (route != null) sample.packed(2, new long[]{routeAttribute(route)});
            sample.packed(4, new long[]{s.value()});
            p.message(2, sample);
        }
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        p.fixed64(3, profile.startEpochNanos()).int64(4, profile.durationNanos())
                .message(5, valueType).int64(6, profile.periods().getOrDefault(t, 0L)).bytes(7, id);

        ProtoWriter res = new ProtoWriter();
        resource.forEach((k, v) -> res.message(1, keyValue(k, v)));
        ProtoWriter scope = new ProtoWriter().string(1, "reqprof");
        ProtoWriter scopeProfiles = new ProtoWriter().message(1, scope).message(2, p);
        ProtoWriter resourceProfiles = new ProtoWriter().message(1, res).message(2, scopeProfiles);

        return new ProtoWriter().message(1, resourceProfiles).message(2, dictionary()).toByteArray();
    }

    private ProtoWriter dictionary() {
        ProtoWriter d = new ProtoWriter();
        d.message(1, new ProtoWriter());                       // mapping_table[0]: frames need no other mapping
        d.message(2, new ProtoWriter());                       // location_table[0]
        for (byte[] l : locationBytes) d.bytes(2, l);
        d.message(3, new ProtoWriter());                       // function_table[0]
        for (byte[] f : functionBytes) d.bytes(3, f);
        d.message(4, new ProtoWriter());                       // link_table[0]
        for (String s : strings) d.string(5, s);  // string_table, "" first
        d.message(6, new ProtoWriter());                       // attribute_table[0]
        for (byte[] a : attributeBytes) d.bytes(6, a);
        d.message(7, new ProtoWriter());                       // stack_table[0]
        for (byte[] s : stackBytes) d.bytes(7, s);
        return d;
    }

    private int stack(StackTrace stack) {
        Integer i = stacks.get(stack);
        if (i != null) return i;
        long[] locs = new long[stack.depth()];
        for (int k = 0; k < locs.length; k++) locs[k] = location(stack.frame(k));
        stackBytes.add(new ProtoWriter().packed(1, locs).toByteArray());
        int index = stackBytes.size(); // index 0 is the zero stack
        stacks.put(stack, index);
        return index;
    }

    private int location(Frame f) {
        Integer i = locations.get(f);
        if (i != null) return i;
        ProtoWriter line = new ProtoWriter().int64(1, function(f)).int64(2, Math.max(0, f.line()));
        locationBytes.add(new ProtoWriter().message(3, line).toByteArray());
        int index = locationBytes.size();
        locations.put(f, index);
        return index;
    }

    private int function(Frame f) {
        Frame key = new Frame(f.className(), f.methodName(), f.fileName(), 0, f.type());
        Integer i = functions.get(key);
        if (i != null) return i;
        int name = str(f.functionName());
        functionBytes.add(new ProtoWriter().int64(1, name).int64(2, name).int64(3, str(f.fileName())).toByteArray());
        int index = functionBytes.size();
        functions.put(key, index);
        return index;
    }

    private int routeAttribute(String route) {
        Integer i = routeAttributes.get(route);
        if (i != null) return i;
        ProtoWriter value = new ProtoWriter().string(1, route);
        attributeBytes.add(new ProtoWriter().int64(1, str(ROUTE_ATTRIBUTE)).message(2, value).toByteArray());
        int index = attributeBytes.size();
        routeAttributes.put(route, index);
        return index;
    }

    private static ProtoWriter keyValue(String key, String value) {
        return new ProtoWriter().string(1, key).message(2, new ProtoWriter().string(1, value));
    }

    private int str(String s) {
        Integer i = stringIndex.get(s);
        if (i != null) return i;
        strings.add(s);
        stringIndex.put(s, strings.size() - 1);
        return strings.size() - 1;
    }
}
