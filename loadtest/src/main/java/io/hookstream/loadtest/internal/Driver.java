package io.hookstream.loadtest.internal;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends a pass's run requests, keyed by run id, either as fast as the producer takes them or paced at a rate:
 * request {@code i} is due at {@code start + i / rate}, and its latency counts from that intended time even when
 * the sender falls behind.
 */
public final class Driver implements Runnable {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final RunRequests requests;
    private final Tracker tracker;
    private final double rate;
    private final BooleanSupplier stop;
    private volatile boolean done;

    /**
     * @param rate runs per second, or 0 for as fast as possible
     * @param stop checked before every send; true ends the pass early (timeout)
     */
    public Driver(
            Producer<byte[], byte[]> producer,
            String topic,
            RunRequests requests,
            Tracker tracker,
            double rate,
            BooleanSupplier stop) {
        this.producer = producer;
        this.topic = topic;
        this.requests = requests;
        this.tracker = tracker;
        this.rate = rate;
        this.stop = stop;
    }

    @Override
    public void run() {
        try {
            RunIds ids = tracker.ids();
            long start = System.nanoTime();
            double period = rate > 0 ? 1e9 / rate : 0;
            for (int run = 0; run < ids.runs() && !stop.getAsBoolean(); run++) {
                long intended = start + (long) (run * period);
                long now = System.nanoTime();
                while (rate > 0 && now < intended) {
                    LockSupport.parkNanos(intended - now);
                    now = System.nanoTime();
                }
                String runId = ids.runId(run);
                byte[] value = requests.request(runId);
                tracker.onSent(run, rate > 0 ? intended : now, now);
                producer.send(
                        new ProducerRecord<>(topic, runId.getBytes(java.nio.charset.StandardCharsets.UTF_8), value),
                        (metadata, error) -> {
                            if (error != null) {
                                tracker.onSendError();
                            }
                        });
            }
            producer.flush();
        } finally {
            done = true;
        }
    }

    public boolean done() {
        return done;
    }
}
