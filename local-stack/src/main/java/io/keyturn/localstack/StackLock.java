package io.keyturn.localstack;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The exclusive lock one running stack holds on its data directory. An OS file lock, not a pid file: it dies with
 * the supervisor however the supervisor dies, so a crash never leaves a stale lock behind.
 */
final class StackLock implements AutoCloseable {

    private final DataDir dir;
    private final FileChannel channel;
    private final FileLock lock;

    private StackLock(DataDir dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock and records this process' pid, or says which stack holds it. */
    static StackLock acquire(DataDir dir) throws StackException {
        try {
            FileChannel channel = FileChannel.open(dir.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new StackException("a local stack is already running from " + dir.root()
                        + runningPid(dir).map(pid -> " (supervisor pid " + pid + ")").orElse("")
                        + "; stop it with ./keyturn down");
            }
            Files.writeString(dir.pidFile(), ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            return new StackLock(dir, channel, lock);
        } catch (IOException e) {
            throw new StackException("cannot lock " + dir.lock() + ": " + e.getMessage(), e);
        }
    }

    /** Whether some process holds the lock right now (probes by trying to take it). */
    static boolean isHeld(DataDir dir) {
        if (!Files.exists(dir.lock())) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(dir.lock(), StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // this JVM holds it
        } catch (IOException e) {
            return false;
        }
    }

    /** The pid the running supervisor recorded, when the lock is held. */
    static Optional<Long> runningPid(DataDir dir) {
        try {
            return Optional.of(Long.parseLong(Files.readString(dir.pidFile(), StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(dir.pidFile());
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The OS drops the lock when this process exits anyway.
        }
    }
}
