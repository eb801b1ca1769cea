import { HttpError } from './http-io.js';

type Body = Record<string, unknown>;

function invalid(key: string, expected: string): never {
  throw new HttpError(400, `invalid "${key}": expected ${expected}`);
}

export function optionalString(body: Body, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') invalid(key, 'a string');
  return value;
}

export function optionalBoolean(body: Body, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') invalid(key, 'true or false');
  return value;
}

export function optionalNumber(body: Body, key: string, min = -Infinity): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    invalid(key, min === -Infinity ? 'a number' : `a number ≥ ${min}`);
  }
  return value;
}

export function optionalInteger(body: Body, key: string): number | undefined {
  const value = optionalNumber(body, key);
  if (value !== undefined && !Number.isSafeInteger(value)) invalid(key, 'an integer');
  return value;
}

export function optionalObject(body: Body, key: string): Body | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) invalid(key, 'an object');
  return value as Body;
}

/** A stop list given as one string or an array of strings (both APIs accept both). */
export function optionalStops(body: Body, key: string): string[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return invalid(key, 'a string or an array of strings');
}

/** Ollama names without a tag mean `:latest`; anything else must match the served model exactly. */
export function sameModel(requested: string, served: string): boolean {
  return withTag(requested) === withTag(served);
}

function withTag(name: string): string {
  const slash = name.lastIndexOf('/');
  return name.indexOf(':', slash + 1) === -1 ? `${name}:latest` : name;
}
