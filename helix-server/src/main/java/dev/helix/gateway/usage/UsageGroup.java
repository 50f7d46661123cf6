package dev.helix.gateway.usage;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one row of a usage report stands for: a value per column the report is grouped by, each null where records
 * have none. In JSON the value itself when there is one column ({@code "gpt-4o"}), else an object by column
 * ({@code {"agent":"coder","task":"chat"}}). Ordered column by column, a missing value after every other.
 *
 * @param columns the ids of the columns, in the order asked
 * @param values  the value of each column
 */
record UsageGroup(List<String> columns, List<@Nullable String> values) implements Comparable<UsageGroup> {
    private static final Comparator<@Nullable String> VALUE = Comparator.nullsLast(Comparator.naturalOrder());

    UsageGroup {
        columns = List.copyOf(columns);
        values = Collections.unmodifiableList(new ArrayList<>(values));
        if (columns.size() != values.size()) {
            throw new IllegalArgumentException(columns.size() + " columns but " + values.size() + " values");
        }
    }

    /** A group of one column. */
    static UsageGroup of(String column, @Nullable String value) {
        List<@Nullable String> values = new ArrayList<>();
        values.add(value);
        return new UsageGroup(List.of(column), values);
    }

    /** The value of a group of one column, or the values by column of a group of several. */
    @JsonValue
    @Nullable
    Object json() {
        if (values.size() == 1) {
            return values.getFirst();
        }
        Map<String, @Nullable String> byColumn = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            byColumn.put(columns.get(i), values.get(i));
        }
        return byColumn;
    }

    @Override
    public int compareTo(UsageGroup other) {
        for (int i = 0; i < Math.min(values.size(), other.values.size()); i++) {
            int c = VALUE.compare(values.get(i), other.values.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(values.size(), other.values.size());
    }
}
