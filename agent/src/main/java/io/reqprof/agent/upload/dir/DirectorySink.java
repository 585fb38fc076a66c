package io.reqprof.agent.upload.dir;

import io.reqprof.agent.upload.AgentContext;
import io.reqprof.agent.upload.ProfileSink;
import io.reqprof.core.continuous.ProfileType;
import io.reqprof.core.pprof.PprofEncoder;
import io.reqprof.core.profile.Profile;

import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Local mode: each profile becomes {@code <service>-<type>-<yyyyMMdd'T'HHmmss.SSS'Z'>.pb.gz} in the
 * directory (gzip pprof, readable by {@code go tool pprof}), written to a hidden temporary file and
 * moved into place, so a reader never sees half a file.
 */
public final class DirectorySink implements ProfileSink {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path dir;
    private final AgentContext ctx;

    public DirectorySink(Path dir, AgentContext ctx) {
        this.dir = dir;
        this.ctx = ctx;
    }

    /** The file name of a profile of {@code type} that started at {@code startEpochNanos}. */
    public static String fileName(String service, ProfileType type, long startEpochNanos) {
        Instant start = Instant.ofEpochSecond(0, startEpochNanos);
        return service + "-" + type.settingName() + "-" + TIME.format(start) + ".pb.gz";
    }

    @Override
    public void upload(ProfileType type, Profile profile) throws Exception {
        Files.createDirectories(dir);
        Path target = dir.resolve(fileName(ctx.service(), type, profile.startEpochNanos()));
        Path tmp = Files.createTempFile(dir, ".reqprof-", ".tmp");
        try {
            Files.write(tmp, PprofEncoder.encodeGzip(profile, type.sampleType()));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public String describe() {
        return "directory " + dir;
    }
}
