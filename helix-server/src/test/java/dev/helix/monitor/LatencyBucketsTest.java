package dev.helix.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyBucketsTest {
    @Test
    void everyValueFallsInsideItsBucket() {
        for (long v = 0; v < 1L << 28; v = v < 100 ? v + 1 : v + v / 7) {
            int i = LatencyBuckets.index(v);
            assertThat(LatencyBuckets.lower(i)).as("lower bound of %d", v).isLessThanOrEqualTo(v);
            if (i < LatencyBuckets.OVERFLOW) {
                assertThat(LatencyBuckets.upper(i)).as("upper bound of %d", v).isGreaterThan(v);
            }
        }
    }

    @Test
    void bucketsAreContiguousAndAtMostAnEighthWide() {
        for (int i = 0; i < LatencyBuckets.OVERFLOW; i++) {
            long lower = LatencyBuckets.lower(i);
            long upper = LatencyBuckets.upper(i);
            assertThat(LatencyBuckets.lower(i + 1)).isEqualTo(upper);
            assertThat(upper - lower).as("width of bucket %d", i).isLessThanOrEqualTo(Math.max(1, lower / 8));
        }
    }

    @Test
    void smallValuesAreExactAndHugeOnesShareTheLastBucket() {
        assertThat(LatencyBuckets.index(-5)).isZero();
        assertThat(LatencyBuckets.index(7)).isEqualTo(7);
        assertThat(LatencyBuckets.index(1L << 27)).isEqualTo(LatencyBuckets.OVERFLOW);
        assertThat(LatencyBuckets.index(Long.MAX_VALUE)).isEqualTo(LatencyBuckets.OVERFLOW);
        assertThat(LatencyBuckets.COUNT).isEqualTo(201);
    }
}
