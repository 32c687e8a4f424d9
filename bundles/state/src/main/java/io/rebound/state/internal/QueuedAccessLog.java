package io.rebound.state.internal;

import io.rebound.http.spi.AccessLog;
import io.rebound.http.spi.AccessRecord;
import io.rebound.state.api.QueuedAccessRecord;
import io.rebound.state.api.RecordQueue;
import io.rebound.state.api.RecordQueues;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@link AccessLog} service the connector logs to: it queues each record in the
 * {@link RecordQueues#ACCESS_LOG} queue, and the {@code accesslog} component writes the queue to the log file.
 * Being here, in a bundle that is never rebooted, rather than in the writer's bundle, is the point: while the writer
 * crashes and is microrebooted, responses go on being recorded, and the next writer writes them.
 */
@Component(service = AccessLog.class, immediate = true)
public final class QueuedAccessLog implements AccessLog {

    private final RecordQueue queue;

    @Activate
    public QueuedAccessLog(@Reference RecordQueues queues) {
        this.queue = queues.queue(RecordQueues.ACCESS_LOG);
    }

    /** Never blocks; a full queue counts the record in its {@link RecordQueue#dropped()}, which the writer reports. */
    @Override
    public void log(AccessRecord record) {
        queue.offer(QueuedAccessRecord.encode(record));
    }
}
