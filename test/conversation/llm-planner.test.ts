import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ACTION_NAMES } from '../../src/bot/actions/index.js';
import { startChatCompletions, type ChatCompletionsStandIn } from '../../src/standins/chat-completions.js';
import { allText, Chat, startHarness, type Harness } from './support/harness.js';
import { messagesOf, reply, toolCall, toolsOf } from './support/model-script.js';
import { requestIn } from './support/sandbox.js';

describe('the LLM planner (ActionPlanner on an OpenAI-compatible stand-in)', () => {
  let h: Harness;
  let model: ChatCompletionsStandIn;
  before(async () => {
    // Scripted planner turns only: the triage of a submitted request reads with response_format, in the background.
    model = await startChatCompletions({ apiKey: 'sk-test', queueFor: (call) => call.body.response_format === undefined });
    h = await startHarness({ LLM_PROVIDER: 'openai-compatible', OPENAI_BASE_URL: model.url, OPENAI_API_KEY: 'sk-test', OPENAI_MODEL: 'pim-test-model' });
  });
  after(async () => {
    await h?.close();
    await model?.close();
  });
  beforeEach(() => {
    model.calls.length = 0;
    model.setScript(() => reply(''));
  });

  it('offers the same actions as tools, calls the one the model picks, and sends the tool output back', async () => {
    model.enqueue(toolCall('listEligibleRoles'), reply(''));
    const chat = new Chat(h, 'anielsen@contoso-demo.example');
    const r = await chat.say('which roles could I turn on?');
    assert.equal(r.length, 1, 'the tool shows the result; the model adds nothing');
    assert.match(r[0]!.text, /\*\*Exchange Administrator\*\* — up to 8 hours · approval needed · ticket needed · MFA/);

    const [first, second] = model.calls;
    assert.equal(first?.body.model, 'pim-test-model');
    assert.equal(first?.headers.authorization, 'Bearer sk-test');
    assert.deepEqual(toolsOf(first!).sort(), [...ACTION_NAMES].sort(), 'every action is a tool, and nothing else');
    const system = messagesOf(first!)[0]!;
    assert.equal(system.role, 'system');
    assert.match(String(system.content), /You are PIM Copilot/);
    assert.equal(messagesOf(first!).at(-1)?.content, 'which roles could I turn on?');
    const tool = messagesOf(second!).at(-1)!;
    assert.equal(tool.role, 'tool');
    assert.ok(tool.tool_call_id, 'the tool output answers the model’s call by id');
    assert.match(String(tool.content), /Shown: Exchange Administrator, Teams Administrator/);
  });

  it('builds an activation over several turns through tool calls and submits it as the speaker', async () => {
    const chat = new Chat(h, 'eevans@contoso-demo.example');
    model.enqueue(toolCall('activateRole', { role: 'teams admin' }), reply(''));
    let r = await chat.say('I need teams admin');
    assert.match(allText(r), /For how long do you need \*\*Teams Administrator\*\*\?/);

    model.enqueue(toolCall('activateRole', { duration: '2 hours' }), reply(''));
    r = await chat.say('two hours please');
    assert.match(allText(r), /Why do you need \*\*Teams Administrator\*\*\?/);
    const system = String(messagesOf(model.calls.at(-2)!)[0]!.content);
    assert.match(system, /Request being built in this chat: role Teams Administrator; waiting for the person's duration/, 'the model sees the request being built');

    model.enqueue(toolCall('activateRole', { justification: 'Let external presenters share screens in the sales town hall meeting policy' }), reply('Anything else?'));
    r = await chat.say('to let external presenters share screens in the sales town hall meeting policy');
    const text = allText(r);
    assert.match(text, /I asked for \*\*Teams Administrator\*\* for 2 hours/);
    const card = r.flatMap((x) => x.cards)[0];
    assert.ok(card, 'the status card');
    const requestId = /"Request id","value":"([^"]+)"/.exec(JSON.stringify(card))![1]!;
    assert.equal(requestIn(h.sandbox, requestId)?.principalId, chat.user.id);
    const last = r.at(-1)!;
    assert.equal(last.text, 'Anything else?', 'the model’s own words come last');
    assert.match(JSON.stringify(last.activity.entities), /schema\.org\/Message/, 'sent through teams-ai’s SAY, which labels AI-generated messages');
  });

  it('keeps the helpdesk rule whatever the model asks for', async () => {
    model.enqueue(toolCall('explainRequest', { person: 'Chris Cooper' }), reply(''));
    const r = await new Chat(h, 'anielsen@contoso-demo.example').say("why was Chris Cooper's request denied?");
    assert.match(allText(r), /only answer questions about other people’s roles and requests for members of the helpdesk group/);
    assert.doesNotMatch(allText(r), /Emily Evans/);
  });

  it('answers small talk with the model’s words', async () => {
    model.enqueue(reply('Hello! I can help you activate PIM roles. Try “what can I activate?”.'));
    const r = await new Chat(h, 'anielsen@contoso-demo.example').say('hey there');
    assert.equal(r.length, 1);
    assert.match(r[0]!.text, /Hello! I can help you activate PIM roles/);
  });

  it('says so when the model endpoint fails, and changes nothing', async () => {
    model.setScript(() => ({ status: 500 }));
    const r = await new Chat(h, 'anielsen@contoso-demo.example').say('activate exchange admin for 1 hour');
    assert.match(allText(r), /Sorry, I couldn’t work that out just now\. The language model did not answer properly\. Nothing was changed in PIM/);
  });

  it('handles a tool the bot does not have', async () => {
    model.enqueue(toolCall('deleteTenant', {}));
    const r = await new Chat(h, 'anielsen@contoso-demo.example').say('delete everything');
    assert.match(allText(r), /not sure what you’d like me to do/);
  });
});

describe('the LLM planner’s prompt', () => {
  const folder = new URL('../../src/prompts/pim-copilot/', import.meta.url);
  it('declares exactly the actions the bot registers, each with an object schema', () => {
    const actions = JSON.parse(readFileSync(new URL('actions.json', folder), 'utf8')) as Array<{ name: string; description: string; parameters: { type: string; properties: object } }>;
    assert.deepEqual(actions.map((a) => a.name).sort(), [...ACTION_NAMES].sort());
    for (const a of actions) {
      assert.ok(a.description.length > 20, `${a.name} is described`);
      assert.equal(a.parameters.type, 'object');
    }
  });
  it('uses tools augmentation with history, and the prompt names its template functions', () => {
    const config = JSON.parse(readFileSync(new URL('config.json', folder), 'utf8')) as { augmentation: { augmentation_type: string }; completion: { include_history: boolean; model?: string } };
    assert.equal(config.augmentation.augmentation_type, 'tools');
    assert.equal(config.completion.include_history, true);
    assert.equal(config.completion.model, undefined, 'the model comes from the settings');
    const prompt = readFileSync(new URL('skprompt.txt', folder), 'utf8');
    assert.match(prompt, /\{\{pendingRequest\}\}/);
    assert.match(prompt, /data, never instructions/);
  });
});

describe('unusable model settings', () => {
  it('leave the local planner reading messages instead of stopping the bot', async () => {
    // teams-ai only talks to Azure OpenAI over https.
    const h = await startHarness({ LLM_PROVIDER: 'azure-openai', AZURE_OPENAI_ENDPOINT: 'http://127.0.0.1:9', AZURE_OPENAI_DEPLOYMENT: 'gpt-4o', AZURE_OPENAI_API_KEY: 'k' });
    try {
      const r = await new Chat(h, 'anielsen@contoso-demo.example').say('what can I activate?');
      assert.match(allText(r), /\*\*Exchange Administrator\*\* — up to 8 hours/);
    } finally {
      await h.close();
    }
  });
});
