package dev.helix.auth;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/** The period a spend budget covers: a UTC calendar day or a UTC calendar month. */
public enum BudgetPeriod {
    DAY,
    MONTH;

    /** The lower-case name used in JSON, the CLI and the database: {@code day} or {@code month}. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The adjective used in messages: {@code daily} or {@code monthly}. */
    public String adjective() {
        return this == DAY ? "daily" : "monthly";
    }

    /** The start of the period that contains {@code t}: UTC midnight, or UTC midnight on the first of the month. */
    public Instant start(Instant t) {
        LocalDate day = LocalDate.ofInstant(t, ZoneOffset.UTC);
        LocalDate first = this == DAY ? day : day.withDayOfMonth(1);
        return first.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The end of the period that contains {@code t}, which is when the next one starts (the budget resets). */
    public Instant end(Instant t) {
        LocalDate first = LocalDate.ofInstant(start(t), ZoneOffset.UTC);
        LocalDate next = this == DAY ? first.plusDays(1) : first.plusMonths(1);
        return next.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Parses exactly {@code day} or {@code month}; throws {@link IllegalArgumentException} naming the value. */
    public static BudgetPeriod parse(String text) {
        for (BudgetPeriod p : values()) {
            if (p.id().equals(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("period must be 'day' or 'month', not '" + text + "'");
    }
}
