/** Language models, optional: a client for OpenAI-compatible chat completions (OpenAI, Azure OpenAI,
 *  local servers) and the prompts that use it, each with a strict answer schema and a fallback. */
export { createChatClient, ChatCompletionsError, DEFAULT_TIMEOUT_MS, type ChatClient, type ChatClientOptions, type ChatMessage, type ChatRequest, type ChatResponse, type ResponseFormat } from './client.js';
export { chatEndpoint, type ChatEndpoint } from './endpoint.js';
export { justificationMessages, parseJustificationAnswer, JUSTIFICATION_FORMAT, MODEL_FLAGS, type JustificationFacts } from './justification-prompt.js';
export { withModelReading, justificationFacts } from './triage-reading.js';
