package dev.helix.gateway;

import dev.helix.gateway.config.Tier;
import dev.helix.gateway.usage.UsageRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/** Adds {@code x-helix-tier} (the tier a router chose) to the headers of an answer, complete or streamed. */
final class TierHeader implements AnswerSink {
    /** The response header that names the tier a router sent the request to. */
    static final String TIER = "x-helix-tier";

    private final AnswerSink next;
    private final Tier tier;

    TierHeader(AnswerSink next, Tier tier) {
        this.next = next;
        this.tier = tier;
    }

    private Map<String, String> with(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>(headers);
        out.put(TIER, tier.id());
        return out;
    }

    @Override
    public void recorded(UsageRecord record) {
        next.recorded(record);
    }

    @Override
    public void complete(Map<String, String> headers, byte[] json) {
        next.complete(with(headers), json);
    }

    @Override
    public void open(Map<String, String> headers) {
        next.open(with(headers));
    }

    @Override
    public void chunk(byte[] json) {
        next.chunk(json);
    }

    @Override
    public void comment(String text) {
        next.comment(text);
    }

    @Override
    public void done() {
        next.done();
    }
}
