package io.rebound.state.api;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A bounded FIFO of text records with any number of producers and one consumer at a time, from
 * {@link RecordQueues}. The consumer <em>peeks</em> a batch, handles it, and only then {@link #remove removes} it:
 * a consumer that dies in between leaves the batch at the head of the queue for its successor, so no record is lost
 * to a crash of the consumer (a record may be handled twice if the consumer dies after handling it and before
 * removing it).
 */
@ProviderType
public interface RecordQueue {

    /**
     * Adds {@code record} at the tail unless the queue is full. Never blocks.
     *
     * @return whether it was added; a refusal is counted in {@link #dropped()}
     */
    boolean offer(String record);

    /**
     * Waits up to {@code timeout} for a record, then returns up to {@code max} records from the head without
     * removing them. Returns early, possibly with nothing, after {@link #wake()}.
     *
     * @return the head of the queue, oldest first; empty when the wait ran out
     * @throws InterruptedException when the waiting thread is interrupted
     */
    List<String> peek(int max, long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * Removes the first {@code count} records, those a {@link #peek} returned and the consumer has handled.
     *
     * @throws IllegalArgumentException when fewer than {@code count} records are queued
     */
    void remove(int count);

    /** Makes a consumer waiting in {@link #peek} return now (used to stop it). */
    void wake();

    /** @return records queued now */
    int size();

    /** @return the bound */
    int capacity();

    /** @return records refused because the queue was full, since it was created */
    long dropped();
}
