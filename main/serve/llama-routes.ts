// llama-server's own endpoints that a benchmark client reads (issue 14): `POST /tokenize`, so prompts of a
// given length can be built with the model's own tokenizer, and `GET /props`, which says how many
// sequences the engine decodes at once and its context per sequence.
import type { Route } from './http-server.js';
import { readJsonBody, sendJson } from './http-io.js';
import { checkPromptChars } from './prompt-size.js';
import { optionalBoolean, optionalString } from './request-fields.js';
import type { ServeContext } from './serve-context.js';

export function llamaRoutes(ctx: ServeContext): Route[] {
  return [
    {
      method: 'POST',
      path: '/tokenize',
      api: 'openai',
      handle: async (req, res) => {
        const body = await readJsonBody(req);
        const content = optionalString(body, 'content') ?? '';
        // Tokenizing is synchronous native work: the same bound as a prompt's.
        checkPromptChars(content.length, ctx.runner.contextSize);
        sendJson(res, 200, { tokens: ctx.runner.tokenize(content, optionalBoolean(body, 'add_special') ?? false) });
      },
    },
    {
      method: 'GET',
      path: '/props',
      api: 'openai',
      handle: async (_req, res) =>
        sendJson(res, 200, {
          total_slots: ctx.runner.sequences.length,
          default_generation_settings: { n_ctx: ctx.runner.contextSize },
          model_path: ctx.runner.facts.fileName,
          build_info: `llama.cpp ${ctx.runner.llamaCppRelease} (Tokenbench built-in engine)`,
        }),
    },
  ];
}
