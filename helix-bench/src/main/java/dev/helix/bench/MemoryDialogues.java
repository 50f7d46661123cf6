package dev.helix.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Scripted multi-session dialogues for the memory evaluation, made from a fixed seed: each person has sessions of
 * turns in which they state facts about themselves (planted), later change some of them, talk about other things
 * (distractors: other people's facts, questions, small talk), and, from the second session on, open by asking
 * about three of their facts (what earlier sessions said of them).
 * A question knows the current value of its fact and the values it had before (stale), so what a prompt carries can
 * be checked against both.
 */
final class MemoryDialogues {
    /** One subject a person's facts are about: how it is said, changed and asked about. */
    private record Subject(String name, String[] values, String say, String change, String ask) {}

    private static final List<Subject> SUBJECTS = List.of(
            new Subject(
                    "home",
                    new String[] {"Porto", "Lisbon", "Oslo", "Lyon", "Kyoto", "Quito", "Perth", "Turin"},
                    "I live in %s.",
                    "Actually, I moved to %s last month.",
                    "Where do I live these days?"),
            new Subject(
                    "job",
                    new String[] {"nurse", "baker", "pilot", "teacher", "carpenter", "chemist", "lawyer"},
                    "I work as a %s.",
                    "I now work as a %s, new job!",
                    "Remind me what I work as?"),
            new Subject(
                    "colour",
                    new String[] {"teal", "crimson", "orange", "violet", "amber", "indigo"},
                    "My favourite colour is %s.",
                    "Actually, my favourite colour is now %s.",
                    "What is my favourite colour again?"),
            new Subject(
                    "pet",
                    new String[] {"Biscuit", "Pepper", "Nimbus", "Mochi", "Rex", "Juniper"},
                    "My dog's name is %s.",
                    "My dog's name is now %s, we renamed him.",
                    "What is my dog's name?"),
            new Subject(
                    "employer",
                    new String[] {"Acme Labs", "Northwind", "Globex", "Initech", "Umbrella Foods"},
                    "I work at %s.",
                    "I now work at %s.",
                    "Which company do I work at?"),
            new Subject(
                    "sport",
                    new String[] {"tennis", "rowing", "climbing", "fencing", "cycling"},
                    "I love %s.",
                    "I love %s.",
                    "Which sport do I like best?"));

    private static final String[] DISTRACTORS = {
        "My friend lives in Berlin and keeps inviting me over.",
        "Can you explain how a hash map works, briefly?",
        "The weather has been strange this week, rain then sun.",
        "What's a good way to learn a new language as an adult?",
        "My colleague thinks tabs are better than spaces.",
        "I read an article about volcanoes on the train this morning.",
        "Could you suggest a name for a small bakery?",
        "Why is the sky blue? My niece asked me yesterday.",
        "We watched an old film last night, it was slow but lovely.",
        "How long should I boil an egg for a soft yolk?"
    };

    /** A turn: what the person says, and if it is a question, the fact it asks about. */
    record Turn(String text, Question question) {}

    /** A question about subject {@code subject}, whose value is {@code current} and once was each of {@code stale}. */
    record Question(String subject, String current, List<String> stale) {}

    /** A person's sessions, each a list of turns. */
    record Person(String id, List<List<Turn>> sessions) {}

    private MemoryDialogues() {}

    /**
     * {@code people} people, each with {@code sessions} sessions of {@code turns} turns, from {@code seed}: the first
     * session plants a value of every subject; later ones change one or two, ask about several, and fill the rest
     * with distractors.
     */
    static List<Person> make(int people, int sessions, int turns, long seed) {
        Random random = new Random(seed);
        List<Person> out = new ArrayList<>();
        for (int p = 0; p < people; p++) {
            out.add(person("person-" + p, sessions, turns, random));
        }
        return out;
    }

    private static Person person(String id, int sessions, int turns, Random random) {
        int n = SUBJECTS.size();
        String[] current = new String[n];
        List<List<String>> stale = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            stale.add(new ArrayList<>());
        }
        List<List<Turn>> all = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            List<Turn> session = new ArrayList<>();
            if (s > 0) {
                for (int q : distinct(random, n, Math.min(3, n))) {
                    Subject subject = SUBJECTS.get(q);
                    session.add(new Turn(
                            subject.ask(), new Question(subject.name(), current[q], List.copyOf(stale.get(q)))));
                }
            }
            if (s == 0) {
                for (int i = 0; i < n; i++) {
                    current[i] = pick(random, SUBJECTS.get(i).values());
                    session.add(new Turn(SUBJECTS.get(i).say().formatted(current[i]), null));
                }
            } else if (s < sessions - 1) {
                for (int i : distinct(random, n, 1 + random.nextInt(2))) {
                    Subject subject = SUBJECTS.get(i);
                    if (subject.name().equals("sport")) {
                        continue; // liking another sport adds a fact; it does not change one
                    }
                    String next = fresh(random, subject.values(), current[i], stale.get(i));
                    if (next == null) {
                        continue; // every value was used: the fact stays
                    }
                    stale.get(i).add(current[i]);
                    current[i] = next;
                    session.add(new Turn(subject.change().formatted(next), null));
                }
            }
            int asked = s > 0 ? Math.min(3, n) : 0;
            while (session.size() < turns) {
                int at = asked + random.nextInt(session.size() - asked + 1);
                session.add(at, new Turn(pick(random, DISTRACTORS), null));
            }
            all.add(session);
        }
        return new Person(id, all);
    }

    private static List<Integer> distinct(Random random, int n, int k) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        java.util.Collections.shuffle(all, random);
        return all.subList(0, k);
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** A value of {@code values} that is neither {@code now} nor one it had before, or null if none is left. */
    private static @org.jspecify.annotations.Nullable String fresh(
            Random random, String[] values, String now, List<String> before) {
        List<String> left = new ArrayList<>();
        for (String v : values) {
            if (!v.equals(now) && !before.contains(v)) {
                left.add(v);
            }
        }
        return left.isEmpty() ? null : left.get(random.nextInt(left.size()));
    }
}
