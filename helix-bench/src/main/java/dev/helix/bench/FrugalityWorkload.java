package dev.helix.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A replayable chat workload of mixed difficulty, made from templates with a fixed seed: the same turns every run.
 * Each turn carries the difficulty it was written as, so a report can compare a router's choice with it. Mix: 35%
 * simple (greetings, quick facts, translations), 35% medium (explanations, summaries, short writing), 20% complex
 * (code, stack traces, design), 10% reasoning (proofs, derivations). Each new turn carries its own details (a
 * number, a name), so only repeats are the same text: about one turn in six repeats an earlier question word for
 * word, as users of a chat app ask the same things.
 */
final class FrugalityWorkload {
    /** One chat turn: the user's message and the difficulty it was written as. */
    record Turn(String text, String written) {}

    private static final String[] COUNTRIES = {"France", "Japan", "Kenya", "Peru", "Norway", "Vietnam", "Chile"};
    private static final String[] BOOKS = {"Hamlet", "Moby-Dick", "Beloved", "Dune", "Middlemarch", "Ulysses"};
    private static final String[] THINGS = {
        "a heat pump", "vaccination", "a mortgage", "compound interest", "photosynthesis", "a jet engine"
    };
    private static final String[] SYSTEMS = {
        "a URL shortener", "a chat service", "a payment ledger", "a rate limiter", "a search index"
    };
    private static final String[] CLAIMS = {
        "the sum of the first n odd numbers is n squared",
        "there are infinitely many primes",
        "every tree with n nodes has n - 1 edges",
        "the square root of 2 is irrational"
    };

    private FrugalityWorkload() {}

    /** {@code count} turns, the same for the same seed. */
    static List<Turn> turns(int count, long seed) {
        Random random = new Random(seed);
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (turns.size() > 10 && random.nextInt(6) == 0) {
                turns.add(turns.get(random.nextInt(turns.size())));
                continue;
            }
            int roll = random.nextInt(100);
            turns.add(
                    roll < 35
                            ? simple(random)
                            : roll < 70 ? medium(random) : roll < 90 ? complex(random) : hard(random));
        }
        return turns;
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static Turn simple(Random random) {
        int n = 1 + random.nextInt(9999);
        String text = switch (random.nextInt(5)) {
            case 0 -> pick(random, new String[] {"hi!", "hello", "thanks!", "ok", "great, thank you"});
            case 1 -> "What is the capital of " + pick(random, COUNTRIES) + "? (order " + n + ")";
            case 2 -> "Who wrote " + pick(random, BOOKS) + "? Ticket " + n;
            case 3 -> "translate 'table " + n + "' into " + pick(random, new String[] {"German", "Spanish", "Thai"});
            default -> "When does order " + n + " arrive?";
        };
        return new Turn(text, "simple");
    }

    private static Turn medium(Random random) {
        int n = 1 + random.nextInt(9999);
        String text = switch (random.nextInt(3)) {
            case 0 ->
                "Can you summarise chapter " + (n % 40 + 1) + " of " + pick(random, BOOKS)
                        + " in a few paragraphs for reading club " + n + "?";
            case 1 ->
                "Explain how " + pick(random, THINGS) + " works in simple terms for a newcomer (member " + n + ").";
            default ->
                "Write a short, friendly message inviting team " + n + " to a lunch next week and ask about diets.";
        };
        return new Turn(text, "medium");
    }

    private static Turn complex(Random random) {
        int n = 1 + random.nextInt(9999);
        String text = switch (random.nextInt(3)) {
            case 0 ->
                "Why does this throw?\n```java\nList<String> names = List.of(\"a" + n + "\");\nnames.add(\"b\");\n```";
            case 1 ->
                "Traceback (most recent call last):\n  File \"app.py\", line " + n
                        + ", in <module>\nKeyError: 'user'\nWhat is wrong here and how do I fix it?";
            default ->
                "Design the architecture of " + pick(random, SYSTEMS) + " for " + n
                        + " requests a second and compare the trade-offs of a relational database and a key-value store.";
        };
        return new Turn(text, "complex");
    }

    private static Turn hard(Random random) {
        int n = 2 + random.nextInt(9999);
        String text = random.nextBoolean()
                ? "Prove that " + pick(random, CLAIMS) + ", step by step, formally, and check it for n = " + n + "."
                : "Derive the expected number of comparisons of quicksort on " + n
                        + " items and prove the bound formally.";
        return new Turn(text, "reasoning");
    }
}
