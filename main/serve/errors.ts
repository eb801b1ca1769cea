/**
 * Bad input the user can fix (missing file, not a GGUF, port in use, unknown Ollama model). The CLI
 * (cli/main.ts) prints it as one line and exits with 2, whichever command started the engine.
 */
export class ServeInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServeInputError';
  }
}

/** Ollama's exact answer (HTTP 503) when its queue of pending requests is full; clients match on it. */
export const SERVER_BUSY_MESSAGE = 'server busy, please try again.  maximum pending requests exceeded';

/** Every slot is busy and the waiting line is at its limit. */
export class QueueFullError extends Error {
  constructor() {
    super(SERVER_BUSY_MESSAGE);
    this.name = 'QueueFullError';
  }
}

/** The server is shutting down: waiting and running requests end with this. */
export class ServerClosingError extends Error {
  constructor() {
    super('server is shutting down');
    this.name = 'ServerClosingError';
  }
}

/** The prompt alone fills the sequence's context: nothing could be generated. */
export class PromptTooLongError extends Error {
  constructor(promptTokens: number, contextSize: number) {
    super(`the prompt is ${promptTokens} tokens but each sequence holds ${contextSize} (start the server with a larger --ctx)`);
    this.name = 'PromptTooLongError';
  }
}
