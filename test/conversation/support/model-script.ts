/** Answers of the chat-completions stand-in in the real wire format, tool calls included. */
import { randomUUID } from 'node:crypto';
import type { RecordedChatCall, ScriptedAnswer } from '../../../src/standins/chat-completions.js';

/** The model asks for one tool (an action of the bot) to be called. */
export function toolCall(name: string, args: Record<string, unknown> = {}): ScriptedAnswer {
  const body = {
    id: `chatcmpl-${randomUUID().slice(0, 8)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: 'stand-in',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: null, tool_calls: [{ id: `call_${randomUUID().slice(0, 8)}`, type: 'function', function: { name, arguments: JSON.stringify(args) } }] },
        logprobs: null,
        finish_reason: 'tool_calls',
      },
    ],
    usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 },
  };
  return { raw: JSON.stringify(body) };
}

/** The model answers in words (empty: it has nothing to add to what a tool showed). */
export function reply(content: string): ScriptedAnswer {
  return { content };
}

type Message = { role: string; content?: string | null; tool_call_id?: string; tool_calls?: unknown[] };

export function messagesOf(call: RecordedChatCall): Message[] {
  return (call.body.messages ?? []) as Message[];
}

export function toolsOf(call: RecordedChatCall): string[] {
  return ((call.body.tools ?? []) as Array<{ function: { name: string } }>).map((t) => t.function.name);
}
