package io.rebound.state.internal;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;

import io.rebound.state.api.Checkpoint;
import io.rebound.state.api.Checkpoints;
import io.rebound.state.api.StateMap;

/** {@link Checkpoints} in a state map: name to the save time (8 bytes, epoch millis) followed by the state. */
final class StoredCheckpoints implements Checkpoints {

    static final String MAP = "rebound.checkpoints";

    private final StateMap map;

    StoredCheckpoints(StateMap map) {
        this.map = map;
    }

    @Override
    public void save(String name, byte[] state) {
        ByteBuffer record = ByteBuffer.allocate(Long.BYTES + state.length);
        record.putLong(System.currentTimeMillis()).put(state);
        map.put(name, record.array());
    }

    @Override
    public Optional<Checkpoint> latest(String name) {
        byte[] record = map.get(name);
        if (record == null || record.length < Long.BYTES) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(record);
        Instant savedAt = Instant.ofEpochMilli(buffer.getLong());
        byte[] state = new byte[buffer.remaining()];
        buffer.get(state);
        return Optional.of(new Checkpoint(state, savedAt));
    }
}
