/**
 * Commands: the {@code !name args} actions users and agents run, over HTTP and in chat.
 *
 * <p>A command is a {@link dev.helix.commands.CommandSpec} (name, arguments, role, caching) plus a
 * {@link dev.helix.commands.Command} handler, registered in the {@link dev.helix.commands.CommandRegistry} with a
 * supplier so the handler is created on first use. {@link dev.helix.commands.CommandService} finds, authorises,
 * binds and runs them, caching idempotent results until their TTL or an invalidating bus event;
 * {@link dev.helix.commands.CommandsApi} serves them at {@code /api/v1/commands}. Built-ins: {@code help},
 * {@code ping}, {@code whoami}.
 */
@NullMarked
package dev.helix.commands;

import org.jspecify.annotations.NullMarked;
