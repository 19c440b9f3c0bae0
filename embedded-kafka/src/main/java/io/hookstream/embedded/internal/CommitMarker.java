package io.hookstream.embedded.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarker;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarkerTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest;
import org.apache.kafka.common.requests.WriteTxnMarkersResponse;

/**
 * Writes the COMMIT marker of a transaction into one partition, as a transaction coordinator does
 * ({@code WriteTxnMarkers}). The Admin API can only abort a hanging transaction ({@code abortTransaction}); one whose
 * coordinator had decided to commit it must be committed where its marker is missing, or the partition would lose
 * records that every other partition of the transaction shows. One request on a socket of its own to the embedded
 * broker's plaintext listener (the broker, with no authorizer, lets it through).
 */
final class CommitMarker {

    private static final String CLIENT_ID = "hookstream-embedded-recovery";

    private CommitMarker() {}

    /**
     * Commits the transaction of {@code producerId} at {@code producerEpoch} in {@code partition}.
     *
     * @throws IOException when the broker cannot be reached or refuses the marker (the error it gave)
     */
    static void write(
            InetSocketAddress broker,
            TopicPartition partition,
            long producerId,
            short producerEpoch,
            int coordinatorEpoch,
            Duration timeout)
            throws IOException {
        WriteTxnMarkersRequestData data = new WriteTxnMarkersRequestData()
                .setMarkers(List.of(new WritableTxnMarker()
                        .setProducerId(producerId)
                        .setProducerEpoch(producerEpoch)
                        .setCoordinatorEpoch(coordinatorEpoch)
                        .setTransactionResult(true)
                        .setTopics(List.of(new WritableTxnMarkerTopic()
                                .setName(partition.topic())
                                .setPartitionIndexes(List.of(partition.partition()))))));
        short version = ApiKeys.WRITE_TXN_MARKERS.latestVersion();
        RequestHeader header = new RequestHeader(ApiKeys.WRITE_TXN_MARKERS, version, CLIENT_ID, 1);
        ByteBuffer request =
                new WriteTxnMarkersRequest.Builder(data).build(version).serializeWithHeader(header);
        byte[] bytes = new byte[request.remaining()];
        request.get(bytes);
        int timeoutMs = (int) timeout.toMillis();
        try (Socket socket = new Socket()) {
            socket.connect(broker, timeoutMs);
            socket.setSoTimeout(timeoutMs);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(bytes.length);
            out.write(bytes);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] answer = in.readNBytes(in.readInt());
            WriteTxnMarkersResponse response =
                    (WriteTxnMarkersResponse) AbstractResponse.parseResponse(ByteBuffer.wrap(answer), header);
            Errors error = response.errorsByProducerId()
                    .getOrDefault(producerId, Map.of())
                    .getOrDefault(partition, Errors.UNKNOWN_SERVER_ERROR);
            if (error != Errors.NONE) {
                throw new IOException("the broker refused the commit marker for " + partition + ": " + error.name());
            }
        }
    }
}
