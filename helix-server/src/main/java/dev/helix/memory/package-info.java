/**
 * Memory: what Helix remembers of each person its agents talk with (an owner: the API key and the end user its
 * application named, as for conversations), for one agent or across agents, with the history of every change and a
 * pinned profile per owner; the Lucene index that retrieves the memories relevant to a text; the memory API; and
 * the {@link dev.helix.conversations.PromptContext} that puts the profile and those memories into agents' prompts.
 *
 * <p>{@link dev.helix.memory.Memories} is the service other code calls (background synthesis among them);
 * {@link dev.helix.memory.MemoryApi} serves it over HTTP; {@link dev.helix.memory.MemoryPrompt} feeds prompts.
 */
@NullMarked
package dev.helix.memory;

import org.jspecify.annotations.NullMarked;
