package io.rebound.listener.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.rebound.http.spi.Handover;

/**
 * Where a stopping connector leaves its idle connections for the next one. Lives in the listener bundle because,
 * like the listening sockets, connections must outlive every connector instance.
 */
final class HandoverDepot implements Handover {

    private final List<Deposit> deposits = new ArrayList<>();

    @Override
    public synchronized void deposit(Deposit deposit) {
        deposits.add(deposit);
    }

    @Override
    public synchronized List<Deposit> withdrawAll() {
        List<Deposit> all = new ArrayList<>(deposits);
        deposits.clear();
        return all;
    }

    /** Closes whatever no connector took over (the server is stopping). */
    void closeAll() {
        for (Deposit deposit : withdrawAll()) {
            try {
                deposit.channel().close();
            } catch (IOException ignored) {
                // Closing is all that is left to do.
            }
        }
    }
}
