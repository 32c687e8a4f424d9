package io.rebound.state.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rebound.http.spi.AccessRecord;

import org.junit.jupiter.api.Test;

class QueuedAccessRecordTest {

    @Test
    void roundTripsEveryFieldIncludingNullsAndSeparators() {
        AccessRecord hostile = new AccessRecord("10.0.0.1", 1_700_000_000_123L, "GET", "/a\tb\nc\\d\\0", "HTTP/1.1",
                200, 1234, null, "agent \r\n\t\\", 987);
        String line = QueuedAccessRecord.encode(hostile);
        assertFalse(line.contains("\n") || line.contains("\r"), line);
        assertEquals(hostile, QueuedAccessRecord.decode(line));

        AccessRecord unparsed = new AccessRecord("::1", 0, null, null, null, 400, 0, null, null, 0);
        assertEquals(unparsed, QueuedAccessRecord.decode(QueuedAccessRecord.encode(unparsed)));

        AccessRecord empties = new AccessRecord("", 1, "", "", "", 204, 0, "", "", 1);
        assertEquals(empties, QueuedAccessRecord.decode(QueuedAccessRecord.encode(empties)));
    }

    @Test
    void rejectsWhatIsNotAnEncodedRecord() {
        assertThrows(IllegalArgumentException.class, () -> QueuedAccessRecord.decode("just text"));
        assertThrows(IllegalArgumentException.class, () -> QueuedAccessRecord.decode("h\tx\tm\tt\tv\t200\t0\tr\tu\t0"));
        assertThrows(IllegalArgumentException.class, () -> QueuedAccessRecord.decode("h\t1\tm\\\tt\tv\t200\t0\tr\tu\t0"));
        assertThrows(IllegalArgumentException.class, () -> QueuedAccessRecord.decode("h\t1\tm\\q\tt\tv\t200\t0\tr\tu\t0"));
    }
}
