package dev.helix.http;

import io.helidon.common.GenericType;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.ServerResponseTrailers;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http.spi.Sink;
import java.io.OutputStream;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A {@link ServerResponse} in front of the server's own that changes how whole bodies and headers are handled and
 * hands everything else on: streams, sinks, trailers and re-routing go to {@link #streamTarget()}, which a subclass
 * may use to learn that the handler streams; listeners and byte counts go to the wrapped response itself.
 */
abstract class ForwardingResponse implements ServerResponse {
    /** The server's response (or the next wrapper towards it). */
    protected final ServerResponse res;

    ForwardingResponse(ServerResponse res) {
        this.res = res;
    }

    /** Where a streaming call goes; called once per such call. */
    protected abstract ServerResponse streamTarget();

    @Override
    public OutputStream outputStream() {
        return streamTarget().outputStream();
    }

    @Override
    public long bytesWritten() {
        return res.bytesWritten();
    }

    @Override
    public ServerResponse whenSent(Runnable listener) {
        res.whenSent(listener);
        return this;
    }

    @Override
    public ServerResponse reroute(String newPath) {
        streamTarget().reroute(newPath);
        return this;
    }

    @Override
    public ServerResponse reroute(String path, UriQuery query) {
        streamTarget().reroute(path, query);
        return this;
    }

    @Override
    public ServerResponse next() {
        streamTarget().next();
        return this;
    }

    @Override
    public ServerResponseTrailers trailers() {
        return streamTarget().trailers();
    }

    @Override
    public ServerResponse beforeTrailers(Consumer<ServerResponseTrailers> beforeTrailers) {
        streamTarget().beforeTrailers(beforeTrailers);
        return this;
    }

    @Override
    public void streamResult(String result) {
        streamTarget().streamResult(result);
    }

    @Override
    public <T extends Sink<?>> T sink(GenericType<T> sinkType) {
        return streamTarget().sink(sinkType);
    }

    @Override
    public void streamFilter(UnaryOperator<OutputStream> filterFunction) {
        streamTarget().streamFilter(filterFunction);
    }
}
