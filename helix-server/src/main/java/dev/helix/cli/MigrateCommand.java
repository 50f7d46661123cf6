package dev.helix.cli;

import dev.helix.config.HelixConfig;
import dev.helix.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code helix migrate}: apply pending database migrations and exit. */
@Command(name = "migrate", mixinStandardHelpOptions = true, description = "Apply pending database migrations.")
final class MigrateCommand implements Runnable {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        HelixConfig config = options.configureWithLogsOnStderr().config();
        try (Database db = Database.open(config.storage())) {
            int applied = db.migrate();
            spec.commandLine()
                    .getOut()
                    .println(
                            "Database " + db.describe() + " is up to date (" + applied + " migration(s) applied now).");
        }
    }
}
