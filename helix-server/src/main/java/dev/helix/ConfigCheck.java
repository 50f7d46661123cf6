package dev.helix;

import dev.helix.agents.AgentCommands;
import dev.helix.agents.AgentReferences;
import dev.helix.agents.AgentRegistry;
import dev.helix.commands.CommandRegistry;
import dev.helix.commands.CommandSpec;
import dev.helix.config.ConfigException;
import dev.helix.config.LoadedConfig;
import dev.helix.gateway.config.GatewayConfig;
import dev.helix.gateway.config.GatewayConfigRenderer;
import dev.helix.gateway.config.GatewayConfigSource;
import dev.helix.messaging.MessagingCommands;
import dev.helix.monitor.StatusCommand;
import dev.helix.state.StateCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The whole configuration checked the way {@code serve} checks it — the keys, the {@code gateway:} section and the
 * agents — so that {@code helix config check} and {@code helix serve} never disagree. Errors throw a
 * {@link ConfigException} (serve refuses to start on them); what serve would only warn about is in
 * {@link #warnings()}.
 *
 * @param loaded   the keys, validated, with their sources
 * @param gateway  the gateway section, validated
 * @param warnings what serve would log as warnings: keys written under their old names, agents naming unknown
 *                 models or commands, or invalid agent definitions (served as none, DEGRADED)
 */
public record ConfigCheck(LoadedConfig loaded, GatewayConfig gateway, List<String> warnings) {
    public ConfigCheck {
        warnings = List.copyOf(warnings);
    }

    /** Checks {@code loaded} and the sections of its file, reading {@code ${VAR}}s from {@code env}. */
    public static ConfigCheck of(LoadedConfig loaded, Map<String, String> env) {
        GatewayConfig gateway =
                GatewayConfigSource.start(loaded.config().file(), env, c -> {}).current();
        Set<String> models = new TreeSet<>(gateway.modelNames());
        List<String> warnings = new ArrayList<>(loaded.warnings());
        warnings.addAll(AgentRegistry.check(loaded.config(), new AgentReferences(commandNames(), models)));
        return new ConfigCheck(loaded, gateway, warnings);
    }

    /** The names of the commands every Helix runs (embedders may register more). */
    public static Set<String> commandNames() {
        Set<String> names = new TreeSet<>();
        CommandRegistry.withBuiltins().specs().stream().map(CommandSpec::name).forEach(names::add);
        names.addAll(AgentCommands.NAMES);
        names.addAll(StateCommands.NAMES);
        names.addAll(MessagingCommands.NAMES);
        names.add(StatusCommand.NAME);
        return names;
    }

    /** The effective configuration as YAML — every key with its source, then the gateway section — secrets masked. */
    public String describe() {
        return loaded.describe(BuiltInCachePolicies.standIns()) + "\n" + GatewayConfigRenderer.effective(gateway);
    }
}
